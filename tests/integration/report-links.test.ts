import { expect, it } from "vitest";
import { runTick } from "@/lib/engine/run-tick";
import { openSharedReport, revokeRunLinks } from "@/lib/runs/report-links";
import { createDailySchedule, runsOf, scheduleRow } from "./helpers/schedules";
import { joinWorkspace } from "./helpers/members";
import { createStarterTeam } from "./helpers/starter-team";
import { useDeliveryPeers } from "./helpers/delivery-peers";
import { describeEachDatabase } from "./helpers/test-database";
import { createUser } from "./helpers/users";

const MINUTE = 60_000;
const LINK = /https:\/\/autopilot\.example\.com\/r\/([A-Za-z0-9_-]{43})/;

describeEachDatabase("recipients open the report through their own link, without an account", (db) => {
  const peers = useDeliveryPeers();

  it("each email and Slack message of each day's report links to that report only, until it is revoked or its run is gone", async () => {
    const { owner, workspaceId, specId } = await createStarterTeam(db());
    const schedule = await createDailySchedule(owner, workspaceId, specId, {
      schedule_name: "Partners' digest",
      destinations: [{ type: "email", to: ["partner@outside.example"] }, { type: "slack", webhook_url: peers.http.url("/slack-links") }],
    });
    const tickAtNextSlot = async () => {
      const at = (await scheduleRow(db(), schedule.id)).next_run_at.getTime() + MINUTE;
      return runTick(db(), { now: () => new Date(at) });
    };
    const linkIn = (text: string) => LINK.exec(text)?.[1] ?? null;

    // Day 1 and day 2: one email and one Slack message each.
    expect((await tickAtNextSlot()).deliveries.sent).toBe(2);
    expect((await tickAtNextSlot()).deliveries.sent).toBe(2);
    const [day1, day2] = await runsOf(db(), schedule.id);
    const mails = peers.smtp.to("partner@outside.example");
    expect(mails).toHaveLength(2);
    const emailTokens = mails.map((mail) => linkIn(String(mail.html))!);
    const slackTokens = peers.http.at("/slack-links").map((request) => linkIn(request.body)!);
    expect([...emailTokens, ...slackTokens].every(Boolean)).toBe(true);
    expect(new Set([...emailTokens, ...slackTokens]).size).toBe(4); // a link of its own per delivery
    expect(mails[0].text).toContain(`https://autopilot.example.com/r/${emailTokens[0]}`);

    // Each link opens its own day's report, signed out, and only that one.
    const opened = async (token: string) => (await openSharedReport(token))?.file.run_id ?? null;
    expect(await opened(emailTokens[0])).toBe(day1.id);
    expect(await opened(slackTokens[0])).toBe(day1.id);
    expect(await opened(emailTokens[1])).toBe(day2.id);
    const shared = (await openSharedReport(emailTokens[0]))!;
    expect(shared.file.html).toContain("<!DOCTYPE html>");
    expect(shared).toMatchObject({ specification_name: "Weekly Tech Briefing", time_zone: "Europe/Berlin" });

    // Guessing does not work: a changed character, a short or a malformed token open nothing.
    const flipped = emailTokens[0].slice(0, -1) + (emailTokens[0].endsWith("A") ? "B" : "A");
    for (const guess of [flipped, emailTokens[0].slice(0, 20), "../../etc/passwd", "", "x".repeat(500)]) expect(await openSharedReport(guess)).toBeNull();
    // Only the hash of a token is stored.
    const stored = await db().query<{ token_hash: string }>("select token_hash from report_links where run_id = $1", [day1.id]);
    expect(stored.rows).toHaveLength(2);
    expect(JSON.stringify(stored.rows)).not.toContain(emailTokens[0]);

    // A member who did not make the report may not revoke its links; the owner can, and day 1's links stop
    // working while day 2's still do.
    const member = await createUser(db(), { name: "member" });
    await joinWorkspace(owner, workspaceId, member);
    await expect(revokeRunLinks(member, workspaceId, day1.id)).rejects.toMatchObject({ code: "forbidden" });
    expect(await revokeRunLinks(owner, workspaceId, day1.id)).toEqual({ revoked: 2 });
    expect(await opened(emailTokens[0])).toBeNull();
    expect(await opened(slackTokens[0])).toBeNull();
    expect(await opened(emailTokens[1])).toBe(day2.id);
    const trail = await db().query<{ action: string }>("select action from audit_log where entity_id = $1", [day1.id]);
    expect(trail.rows.map((row) => row.action)).toContain("report.links_revoked");

    // When retention deletes day 2's run, its links die with it.
    await db().query("delete from newsletter_runs where id = $1", [day2.id]);
    expect(await opened(emailTokens[1])).toBeNull();
    expect(await opened(slackTokens[1])).toBeNull();
  });
});

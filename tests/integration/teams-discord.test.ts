import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { getScheduleView, updateSchedule } from "@/lib/autopilot/schedules";
import { sendTestDelivery } from "@/lib/autopilot/send-test-delivery";
import { withUser, type Actor } from "@/lib/db/transactions";
import { slackLabel } from "@/lib/delivery/slack-webhook";
import { runTick } from "@/lib/engine/run-tick";
import { getWorkspaceRun } from "@/lib/runs/runs";
import { destinationsSchema } from "@/lib/validation/destinations";
import { schedulePatchSchema } from "@/lib/validation/schedule";
import { appErrorOf as failure } from "./helpers/errors";
import { startHttpReceiver } from "./helpers/http-receiver";
import { createDailySchedule, makeDue, runsOf } from "./helpers/schedules";
import { createTeamWithMember } from "./helpers/starter-team";
import { describeEachDatabase } from "./helpers/test-database";

interface TeamsMessage {
  type: string;
  summary: string;
  attachments: { contentType: string; content: { type: string; version: string; body: { text: string }[]; actions: { type: string; title: string; url: string }[] } }[];
}
interface DiscordMessage {
  content: string;
  allowed_mentions: { parse: string[] };
  embeds: { title: string; url: string; description: string }[];
}

describeEachDatabase("Microsoft Teams and Discord channels", (db) => {
  let owner: Actor, member: Actor, workspaceId: string, specId: string;
  let http: Awaited<ReturnType<typeof startHttpReceiver>>;

  beforeAll(async () => {
    http = await startHttpReceiver();
    vi.stubEnv("AUTOPILOT_ALLOW_PRIVATE_ADDRESSES", "1");
    ({ owner, member, workspaceId, specId } = await createTeamWithMember(db()));
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await http?.close();
  });

  it("get the report in each service's incoming-webhook format, and keep their URLs secret", async () => {
    const teamsPath = "/teams/workflows/abc/triggers/manual/paths/invoke?sig=TEAMSsecret";
    const discordPath = "/discord/api/webhooks/123/DISCORDsecret";
    const schedule = await createDailySchedule(owner, workspaceId, specId, {
      schedule_name: "Chat briefing",
      destinations: [
        { type: "teams", webhook_url: http.url(teamsPath) },
        { type: "discord", webhook_url: http.url(discordPath) },
      ],
    });
    const teamsLabel = slackLabel(http.url(teamsPath));
    const discordLabel = slackLabel(http.url(discordPath));
    expect(schedule.destinations).toEqual([
      { type: "teams", label: teamsLabel, has_url: true },
      { type: "discord", label: discordLabel, has_url: true },
    ]);

    await makeDue(db(), schedule.id);
    expect((await runTick(db())).deliveries).toMatchObject({ sent: 2 });
    const [run] = await runsOf(db(), schedule.id);
    const seen = await getWorkspaceRun(owner, workspaceId, run.id);
    expect(seen.deliveries?.map((d) => [d.type, d.target, d.status])).toEqual(
      expect.arrayContaining([
        ["teams", teamsLabel, "sent"],
        ["discord", discordLabel, "sent"],
      ]),
    );

    // Teams: an Adaptive Card with the title, the period and count, headlines as links, and a button to the report.
    const [teamsRequest] = http.at(teamsPath);
    expect(teamsRequest.headers["content-type"]).toMatch(/^application\/json/);
    const teams = JSON.parse(teamsRequest.body) as TeamsMessage;
    expect(teams.type).toBe("message");
    expect(teams.attachments).toHaveLength(1);
    const card = teams.attachments[0];
    expect(card.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(card.content).toMatchObject({ type: "AdaptiveCard", version: "1.4" });
    expect(card.content.body[0].text).toBe("Weekly Tech Briefing");
    expect(card.content.body[1].text).toMatch(/\d+ items$/);
    expect(card.content.body[2].text).toMatch(/^- \[[^\]]+\]\(https?:\/\/\S+\)/);
    expect(card.content.actions).toEqual([{ type: "Action.OpenUrl", title: "Open the report", url: expect.stringMatching(/^http:\/\/.+\/r\/[A-Za-z0-9_-]+$/) }]);

    // Discord: one embed linking to the report, mentions off.
    const discord = JSON.parse(http.at(discordPath)[0].body) as DiscordMessage;
    expect(discord.allowed_mentions).toEqual({ parse: [] });
    expect(discord.content).toMatch(/^Weekly Tech Briefing: .*\d+ items$/);
    expect(discord.embeds).toHaveLength(1);
    expect(discord.embeds[0]).toMatchObject({ title: "Weekly Tech Briefing", url: expect.stringMatching(/\/r\/[A-Za-z0-9_-]+$/) });
    expect(discord.embeds[0].description.split("\n").slice(1).every((line) => /^• \[[^\]]+\]\(\S+\)$/.test(line))).toBe(true);

    // Saved again by label, the channels stay; "Send a test" reaches each by its label.
    await updateSchedule(owner, workspaceId, schedule.id, schedulePatchSchema.parse({ destinations: [{ type: "teams", keep: teamsLabel }, { type: "discord", keep: discordLabel }] }));
    for (const [type, label, path] of [["teams", teamsLabel, teamsPath], ["discord", discordLabel, discordPath]] as const) {
      const test = await sendTestDelivery(owner, workspaceId, { destination: { type, keep: label }, schedule_id: schedule.id });
      expect(test.results).toEqual([{ target: label, ok: true, error: null }]);
      expect(http.at(path)).toHaveLength(2);
      expect(JSON.stringify(JSON.parse(http.at(path)[1].body))).toContain("[Test] Weekly Tech Briefing");
    }

    // Members never read the URLs: not in the API's answers, not in the tables they can read.
    const answers = JSON.stringify([await getScheduleView(member, workspaceId, schedule.id), await getWorkspaceRun(member, workspaceId, run.id)]);
    const readable = await withUser(db(), member, async (tx) =>
      JSON.stringify(
        await Promise.all([tx.query("select id, type, target from autopilot_destinations"), tx.query("select * from deliveries"), tx.query("select * from audit_log")]).then((parts) =>
          parts.map((p) => p.rows),
        ),
      ),
    );
    for (const text of [answers, readable]) {
      expect(text).not.toContain("TEAMSsecret");
      expect(text).not.toContain("DISCORDsecret");
    }
  });

  it("a channel the receiver refuses fails with its answer; keeping an unknown channel is refused naming the service", async () => {
    const gone = "/discord/api/webhooks/999/gone";
    http.answer(gone, 404);
    const schedule = await createDailySchedule(owner, workspaceId, specId, { schedule_name: "Gone channel", destinations: [{ type: "discord", webhook_url: http.url(gone) }] });
    await makeDue(db(), schedule.id);
    await runTick(db());
    const [run] = await runsOf(db(), schedule.id);
    const [delivery] = (await getWorkspaceRun(owner, workspaceId, run.id)).deliveries ?? [];
    expect(delivery).toMatchObject({ type: "discord", status: "failed", last_error: "HTTP 404: no" });

    const error = await failure(
      updateSchedule(owner, workspaceId, schedule.id, schedulePatchSchema.parse({ destinations: [{ type: "teams", keep: "example.webhook.office.com …abcd (00000000)" }] })),
    );
    expect([error.status, error.fields]).toEqual([400, { destinations: "Not a Microsoft Teams channel of this schedule: example.webhook.office.com …abcd (00000000); enter its webhook URL" }]);
    expect((await getScheduleView(owner, workspaceId, schedule.id)).destinations).toEqual([{ type: "discord", label: slackLabel(http.url(gone)), has_url: true }]);
  });

  it("at most five channels of each service, and a URL is required", () => {
    const six = Array.from({ length: 6 }, (_, i) => ({ type: "teams", webhook_url: `https://example.webhook.office.com/${i}` }));
    expect(destinationsSchema.safeParse(six).error?.issues[0].message).toBe("at most 5 Microsoft Teams channels per schedule");
    expect(destinationsSchema.safeParse([{ type: "discord" }]).error?.issues[0]).toMatchObject({ path: [0, "webhook_url"], message: "webhook_url is required" });
    expect(destinationsSchema.safeParse([{ type: "discord", webhook_url: "ftp://x" }]).success).toBe(false);
  });
});

import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { sendTestDelivery, TESTS_PER_WINDOW } from "@/lib/autopilot/send-test-delivery";
import type { Actor } from "@/lib/db/transactions";
import { runTick } from "@/lib/engine/run-tick";
import { createStarterWorkspace } from "@/lib/workspaces/starter-workspace";
import { sendEmailThrough } from "./helpers/email-settings";
import { createDailySchedule, makeDue, slotHalfADayAway } from "./helpers/schedules";
import { startSmtpSink } from "./helpers/smtp-sink";
import { describeEachDatabase } from "./helpers/test-database";
import { createUser } from "./helpers/users";

const HOUR = 3_600_000;

describeEachDatabase("outgoing mail limits", (db) => {
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    sendEmailThrough(smtp);
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await smtp?.close();
  });

  async function team(name: string): Promise<{ owner: Actor; workspaceId: string; specId: string }> {
    const owner = await createUser(db(), { name });
    const workspaceId = (await createStarterWorkspace(db(), owner)).id;
    await db().query("update autopilot_schedules set enabled = false where workspace_id = $1", [workspaceId]);
    const specId = (await db().query<{ id: string }>("select id from newsletter_specifications where workspace_id = $1", [workspaceId])).rows[0].id;
    return { owner, workspaceId, specId };
  }

  it("200 parallel “Send a test” requests send exactly the ten a person may in ten minutes; the rest are refused before sending", async () => {
    const { owner, workspaceId } = await team("tester");
    const address = `burst-${workspaceId}@example.com`;
    const settled = await Promise.allSettled(Array.from({ length: 200 }, () => sendTestDelivery(owner, workspaceId, { destination: { type: "email", to: [address] } })));
    expect(settled.filter((o) => o.status === "fulfilled")).toHaveLength(TESTS_PER_WINDOW);
    const refused = settled.flatMap((o) => (o.status === "rejected" ? [o.reason] : []));
    expect(refused).toHaveLength(200 - TESTS_PER_WINDOW);
    expect(refused.every((error) => error.code === "too_many_attempts" && Number(error.headers["Retry-After"]) > 0)).toBe(true);
    expect(smtp.to(address)).toHaveLength(TESTS_PER_WINDOW);
  }, 60_000);

  it("a workspace emails at most its daily number: the rest wait for the next day, say why, and go then; other workspaces are not held", async () => {
    vi.stubEnv("AUTOPILOT_EMAILS_PER_WORKSPACE_PER_DAY", "3");
    const busy = await team("busy");
    const quiet = await team("quiet");
    const recipients = Array.from({ length: 5 }, (_, i) => `reader${i}-${busy.workspaceId}@example.com`);
    // Slots half a day away: the hour-later tick must not reach the schedules' own next slot, at any hour.
    const loud = await createDailySchedule(busy.owner, busy.workspaceId, busy.specId, {
      schedule_name: "Loud",
      schedule_config: slotHalfADayAway(),
      destinations: [{ type: "email", to: recipients }],
    });
    const calm = await createDailySchedule(quiet.owner, quiet.workspaceId, quiet.specId, {
      schedule_name: "Calm",
      schedule_config: slotHalfADayAway(),
      destinations: [{ type: "email", to: [`calm-${quiet.workspaceId}@example.com`] }],
    });
    await makeDue(db(), loud.id);
    await makeDue(db(), calm.id);
    const day1 = Date.now();
    const tickAt = (at: number) => runTick(db(), { now: () => new Date(at) });
    expect((await tickAt(day1)).deliveries).toMatchObject({ sent: 4 });
    const sentTo = () => recipients.filter((address) => smtp.to(address).length > 0).length;
    expect(sentTo()).toBe(3);
    expect(smtp.to(`calm-${quiet.workspaceId}@example.com`)).toHaveLength(1);
    const waiting = await db().query<{ status: string; attempts: number; last_error: string; next_attempt_at: Date }>(
      "select status, attempts, last_error, next_attempt_at from deliveries where schedule_id = $1 and status = 'pending'",
      [loud.id],
    );
    expect(waiting.rows).toHaveLength(2);
    for (const row of waiting.rows) {
      expect(row.attempts).toBe(0);
      expect(row.last_error).toMatch(/^This workspace sent its 3 emails for the day \(AUTOPILOT_EMAILS_PER_WORKSPACE_PER_DAY\); this one goes out after \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
      expect(Math.abs(row.next_attempt_at.getTime() - (day1 + 24 * HOUR))).toBeLessThan(60_000);
    }
    // An hour later nothing more goes. The next day the two that waited go first (the oldest due), then one of
    // the day's own report (its quota is 3 again), and the quiet workspace's.
    expect((await tickAt(day1 + HOUR)).deliveries).toMatchObject({ sent: 0 });
    expect(sentTo()).toBe(3);
    expect((await tickAt(day1 + 24 * HOUR + 60_000)).deliveries).toMatchObject({ sent: 4 });
    expect(sentTo()).toBe(5);
    expect(smtp.to(`calm-${quiet.workspaceId}@example.com`)).toHaveLength(2);
    vi.stubEnv("AUTOPILOT_EMAILS_PER_WORKSPACE_PER_DAY", "");
  }, 60_000);
});

import { afterAll, beforeAll, expect, it, vi } from "vitest";
import type { Database } from "@/lib/db/database";
import type { Actor } from "@/lib/db/transactions";
import type { EngineGenerator } from "@/lib/engine/start-batch";
import { runTick } from "@/lib/engine/run-tick";
import { checkHealth } from "@/lib/health";
import { createStarterWorkspace } from "@/lib/workspaces/starter-workspace";
import { failingGenerator } from "./helpers/failing-generator";
import { recordOnlyGenerator } from "./helpers/record-only-generator";
import { createDailySchedule, scheduleRow } from "./helpers/schedules";
import { sendEmailThrough } from "./helpers/email-settings";
import { startSmtpSink } from "./helpers/smtp-sink";
import { describeEachDatabase } from "./helpers/test-database";
import { createUser } from "./helpers/users";

const DAY = 24 * 60 * 60_000;
const MINUTE = 60_000;

async function addMember(db: Database, workspaceId: string, user: Actor, role: "owner" | "member") {
  await db.query("insert into workspace_members (workspace_id, user_id, email, role) values ($1, $2, $3, $4)", [workspaceId, user.id, user.email, role]);
}

describeEachDatabase("owners hear about trouble, operators about overdue schedules", (db) => {
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  const subjects = (address: string) => smtp.to(address).map((mail) => mail.subject);

  /** A workspace whose owner, co-owner, schedule-creating member and bystander member each have an account. */
  async function team() {
    const owner = await createUser(db(), { name: "owner" });
    const workspaceId = (await createStarterWorkspace(db(), owner)).id;
    const coOwner = await createUser(db(), { name: "co-owner" });
    const creator = await createUser(db(), { name: "creator" });
    const bystander = await createUser(db(), { name: "bystander" });
    await addMember(db(), workspaceId, coOwner, "owner");
    await addMember(db(), workspaceId, creator, "member");
    await addMember(db(), workspaceId, bystander, "member");
    const specId = (await db().query<{ id: string }>("select id from newsletter_specifications where workspace_id = $1", [workspaceId])).rows[0].id;
    return { owner, coOwner, creator, bystander, workspaceId, specId };
  }

  /** Ticks one minute after the schedule's next slot, on a clock standing there: the real tick, day after day. */
  async function tickAtNextSlot(scheduleId: string, generator: EngineGenerator, settings = {}) {
    const at = new Date((await scheduleRow(db(), scheduleId)).next_run_at.getTime() + MINUTE);
    return runTick(db(), { now: () => at, generator, settings });
  }

  beforeAll(async () => {
    smtp = await startSmtpSink();
    sendEmailThrough(smtp);
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    await smtp?.close();
  });

  it("emails the creator and the owners once when a daily schedule starts failing and once when it pauses, not for each failure", async () => {
    const { owner, coOwner, creator, bystander, workspaceId, specId } = await team();
    const schedule = await createDailySchedule(creator, workspaceId, specId, { schedule_name: "Ops digest", max_retries: 0, pause_after_failures: 3 });

    // Day 1 works; day 2 fails: one email each to the creator and both owners.
    expect((await tickAtNextSlot(schedule.id, recordOnlyGenerator())).succeeded).toBe(1);
    const day2 = await tickAtNextSlot(schedule.id, failingGenerator);
    expect(day2).toMatchObject({ failed: 1, deliveries: { sent: 3 } });
    for (const person of [creator, owner, coOwner]) expect(subjects(person.email)).toEqual(["Autopilot: “Ops digest” failed"]);
    expect(subjects(bystander.email)).toEqual([]);
    const [alert] = smtp.to(creator.email);
    expect(alert.text).toMatch(/Error: .*Invalid\/Zone|Error: .*time ?zone/i);
    expect(alert.html).toContain(`https://autopilot.example.com/w/${workspaceId}/autopilot/${schedule.id}`);

    // Day 3 fails again: nothing new to say. Day 4's failure pauses it: one more email each, saying so.
    expect((await tickAtNextSlot(schedule.id, failingGenerator)).deliveries.sent).toBe(0);
    expect((await tickAtNextSlot(schedule.id, failingGenerator)).deliveries.sent).toBe(3);
    expect((await scheduleRow(db(), schedule.id)).status).toBe("paused");
    for (const person of [creator, owner, coOwner]) {
      expect(subjects(person.email)).toEqual(["Autopilot: “Ops digest” failed", "Autopilot: “Ops digest” is paused after repeated failures"]);
    }

    // The failed runs' history rows show the alerts as deliveries of those runs.
    const { rows } = await db().query<{ kind: string; status: string }>(
      "select d.kind, d.status from deliveries d join newsletter_runs r on r.id = d.run_id where r.autopilot_schedule_id = $1",
      [schedule.id],
    );
    expect(rows).toHaveLength(6);
    expect(rows.every((row) => row.kind === "alert" && row.status === "sent")).toBe(true);
  });

  it("alerts once when a schedule stops in error because its specification was deactivated; the next day brings no second email", async () => {
    const { owner, creator, workspaceId, specId } = await team();
    const schedule = await createDailySchedule(creator, workspaceId, specId, { schedule_name: "Parked" });
    await db().query("update newsletter_specifications set status = 'inactive' where id = $1", [specId]);

    expect((await tickAtNextSlot(schedule.id, recordOnlyGenerator())).deliveries.sent).toBe(3);
    expect(subjects(owner.email)).toEqual(["Autopilot: “Parked” stopped and needs attention"]);
    expect(smtp.to(owner.email)[0].text).toContain("Error: Specification is not active");
    // Parked in error, it is not claimed again, so the next day brings no second email.
    const nextDay = new Date(Date.now() + 2 * DAY);
    expect((await runTick(db(), { now: () => nextDay, generator: recordOnlyGenerator() })).deliveries.sent).toBe(0);
    expect(subjects(owner.email)).toHaveLength(1);
  });

  it("sends the operators at most one digest a day while schedules are overdue by more than 24 hours, and /api/health counts them", async () => {
    vi.stubEnv("ADMIN_EMAILS", "Ops@Example.com, oncall@example.com");
    const { owner, workspaceId, specId } = await team();
    const stuck = await createDailySchedule(owner, workspaceId, specId, { schedule_name: "Stuck since Monday" });
    // Overdue by two days; a lease that another (dead) tick holds keeps the engine from running it. The ticks
    // start at noon UTC yesterday, so "later the same day" stays the same day whenever the suite runs.
    const now = Math.floor(Date.now() / DAY) * DAY - DAY + 12 * 60 * MINUTE;
    await db().query("update autopilot_schedules set next_run_at = $2, locked_until = $3 where id = $1", [stuck.id, new Date(now - 2 * DAY), new Date(now + 3 * DAY)]);
    expect((await checkHealth()).overdue_schedules).toBe(1);

    const tickAt = (at: number) => runTick(db(), { now: () => new Date(at), generator: recordOnlyGenerator() });
    expect((await tickAt(now)).deliveries.sent).toBe(2);
    const [digest] = smtp.to("ops@example.com");
    expect(digest.subject).toBe("Autopilot: 1 schedule is overdue by more than a day");
    expect(digest.html).toContain("Stuck since Monday");
    expect(digest.text).toContain("/api/cron/tick");
    expect(smtp.to("oncall@example.com")).toHaveLength(1);

    // Later the same day: still overdue, no second digest. The next day: one more.
    expect((await tickAt(now + 5 * MINUTE)).deliveries.sent).toBe(0);
    expect((await tickAt(now + DAY)).deliveries.sent).toBe(2);
    expect(smtp.to("ops@example.com").map((mail) => mail.subject)).toHaveLength(2);

    // Once it runs again, nothing is overdue and the digests stop.
    await db().query("update autopilot_schedules set locked_until = null where id = $1", [stuck.id]);
    await tickAt(now + DAY + MINUTE);
    expect((await checkHealth()).overdue_schedules).toBe(0);
    expect((await tickAt(now + 2 * DAY)).deliveries.sent).toBe(0);
    expect(smtp.to("ops@example.com")).toHaveLength(2);
  });
});

/**
 * Schedule policies through the real tick on a moving fake clock, each across at least two of its periods:
 * retries (in place, before the next slot, once under overlapping ticks), only when new / skip when empty,
 * the catch-up window, the per-schedule timeout, retention, pause with a note until a date (across a
 * daylight-saving change), start and end dates, and pausing after N failures (off by default).
 */
import { beforeAll, beforeEach, expect, it } from "vitest";
import { createSchedule, getScheduleView, updateSchedule } from "@/lib/autopilot/schedules";
import type { Actor } from "@/lib/db/transactions";
import { runTick, realGenerator } from "@/lib/engine/run-tick";
import type { EngineGenerator } from "@/lib/engine/start-batch";
import { TIMED_OUT } from "@/lib/engine/recover-overdue-runs";
import { createSpecification } from "@/lib/specifications/specifications";
import { scheduleCreateSchema, schedulePatchSchema, type ScheduleCreateInput } from "@/lib/validation/schedule";
import { specificationSchema } from "@/lib/validation/specification";
import { createWorkspace } from "@/lib/workspaces/workspaces";
import { AppError } from "@/lib/errors/app-error";
import { getScheduleDefaults, setScheduleDefaults, withScheduleDefaults } from "@/lib/autopilot/schedule-defaults";
import { DEFAULT_POLICY } from "@/lib/schedule/schedule-policy";
import { schedulePolicySchema } from "@/lib/validation/schedule-policy";
import { recordOnlyGenerator } from "./helpers/record-only-generator";
import { runsOf, scheduleRow } from "./helpers/schedules";
import { describeEachDatabase } from "./helpers/test-database";
import { createUser } from "./helpers/users";

const MINUTE = 60_000;
const at = (iso: string) => new Date(iso);

/** Fails its first `failures` attempts (of any slot), then succeeds. */
function flakyGenerator(failures: number): EngineGenerator & { attempts: number } {
  const succeed = recordOnlyGenerator();
  const generator = {
    attempts: 0,
    render: async (...args: Parameters<EngineGenerator["render"]>) => {
      generator.attempts++;
      const [, run, request] = args;
      if (generator.attempts <= failures) {
        return { run, id: run.id, status: "failed" as const, itemCount: null, error: `Feed timed out (attempt ${run.attempt})`, notes: [], finishedAt: request.clock!(), report: null };
      }
      return succeed.render(...args);
    },
  };
  return generator;
}

describeEachDatabase("schedule policies on a moving clock", (db) => {
  let owner: Actor, workspaceId: string, specId: string;

  const tick = (when: Date | string, generator: EngineGenerator = recordOnlyGenerator()) => {
    const now = typeof when === "string" ? at(when) : when;
    return runTick(db(), { now: () => now, generator });
  };
  const schedule = (overrides: Partial<ScheduleCreateInput>, createdAt: string) =>
    createSchedule(
      owner,
      workspaceId,
      scheduleCreateSchema.parse({
        specification_id: specId,
        schedule_name: "Policy",
        schedule_type: "daily",
        schedule_config: { time: "09:00", timezone: "UTC" },
        cadence_override: "daily",
        ...overrides,
      }),
      at(createdAt),
    );
  const audit = async (scheduleId: string) =>
    (await db().query<{ action: string; actor_type: string; details: Record<string, unknown> }>("select action, actor_type, details from audit_log where entity_id = $1 order by id", [scheduleId])).rows;

  beforeAll(async () => {
    owner = await createUser(db(), { name: "policies" });
    workspaceId = (await createWorkspace(owner, { name: "Policies" })).id;
    specId = (
      await createSpecification(
        owner,
        workspaceId,
        specificationSchema.parse({ name: "Policy news", categories: [{ id: "news", name: "News", keywords: [] }], regions: ["Europe"], frequency: "daily" }),
      )
    ).id;
  });

  beforeEach(async () => {
    // Each scenario's clock is its own: earlier scenarios' schedules stay out of its ticks.
    await db().query("update autopilot_schedules set enabled = false where workspace_id = $1", [workspaceId]);
  });

  it("retries a failed slot in place before its next slot: one row per slot with its attempts, counters count slots", async () => {
    const s = await schedule({ schedule_name: "Retried", max_retries: 2 }, "2027-03-01T00:00:00Z");
    expect(s.next_run_at.toISOString()).toBe("2027-03-01T09:00:00.000Z");

    // Day 1: the first attempt fails; the retry comes about 5 minutes later (±20%) and succeeds.
    const day1 = flakyGenerator(1);
    expect(await tick("2027-03-01T09:00:30Z", day1)).toMatchObject({ claimed: 1, failed: 1 });
    let row = await scheduleRow(db(), s.id);
    expect(row.retry_slot?.toISOString()).toBe("2027-03-01T09:00:00.000Z");
    const retryAt = row.next_run_at.getTime() - at("2027-03-01T09:00:30Z").getTime();
    expect(retryAt).toBeGreaterThanOrEqual(4 * MINUTE);
    expect(retryAt).toBeLessThanOrEqual(6 * MINUTE);
    expect(row).toMatchObject({ run_count: 0, failure_count: 0, status: "active", last_run_status: "failed" });
    let [run] = await runsOf(db(), s.id);
    expect(run).toMatchObject({ status: "failed", attempt: 1 });
    expect(run.retry_at?.getTime()).toBe(row.next_run_at.getTime());
    // Not yet: a tick before the retry's time finds nothing.
    expect((await tick("2027-03-01T09:03:00Z", day1)).claimed).toBe(0);
    // Four overlapping ticks at the retry's time start it once.
    const retryTime = new Date(row.next_run_at.getTime() + 1000);
    const overlapping = await Promise.all([1, 2, 3, 4].map(() => tick(retryTime, day1)));
    expect(overlapping.reduce((sum, t) => sum + t.succeeded, 0)).toBe(1);
    const runs = await runsOf(db(), s.id);
    expect(runs).toHaveLength(1);
    [run] = runs;
    expect(run).toMatchObject({ status: "success", attempt: 2, retry_at: null });
    expect(run.attempts).toMatchObject([{ attempt: 1, error: "Feed timed out (attempt 1)" }]);
    row = await scheduleRow(db(), s.id);
    expect(row).toMatchObject({ run_count: 1, success_count: 1, failure_count: 0, retry_slot: null });
    expect(row.next_run_at.toISOString()).toBe("2027-03-02T09:00:00.000Z");

    // Day 2: every attempt fails; after the 2 retries the slot is failed for good, and day 3 runs as usual.
    const day2 = flakyGenerator(3);
    await tick("2027-03-02T09:00:30Z", day2);
    for (let retry = 1; retry <= 2; retry++) {
      const due = (await scheduleRow(db(), s.id)).next_run_at;
      expect(due.getTime()).toBeLessThan(at("2027-03-03T09:00:00Z").getTime());
      await tick(new Date(due.getTime() + 1000), day2);
    }
    expect(day2.attempts).toBe(3);
    const day2Run = (await runsOf(db(), s.id))[1];
    expect(day2Run).toMatchObject({ status: "failed", attempt: 3, retry_at: null, error: "Feed timed out (attempt 3)" });
    expect(day2Run.attempts.map((a) => a.attempt)).toEqual([1, 2]);
    row = await scheduleRow(db(), s.id);
    expect(row).toMatchObject({ run_count: 2, success_count: 1, failure_count: 1, consecutive_failures: 1, status: "active", retry_slot: null });
    expect(row.next_run_at.toISOString()).toBe("2027-03-03T09:00:00.000Z");
    expect(await tick("2027-03-03T09:01:00Z")).toMatchObject({ succeeded: 1 });
    expect((await runsOf(db(), s.id)).map((r) => r.status)).toEqual(["success", "failed", "success"]);

    // The schedule's details count slots, not attempts.
    const view = await getScheduleView(owner, workspaceId, s.id);
    expect(view.run_counts).toMatchObject({ scheduled: 3, succeeded: 2, failed: 1 });
  });

  it("drops a retry that would cross the next slot, and one whose slot is over when the engine sees it", async () => {
    // Hourly: retries at ~5, ~10, ~20 minutes fit in the hour; the fourth (~40 minutes more) would cross 11:00.
    const hourly = await schedule({ schedule_name: "Hourly", schedule_type: "custom", schedule_config: { cron_expression: "0 * * * *", timezone: "UTC" }, max_retries: 5 }, "2027-04-01T09:30:00Z");
    const failing = flakyGenerator(100);
    await tick("2027-04-01T10:00:10Z", failing);
    for (let i = 0; i < 10 && (await scheduleRow(db(), hourly.id)).retry_slot; i++) {
      await tick(new Date((await scheduleRow(db(), hourly.id)).next_run_at.getTime() + 1000), failing);
    }
    const [run] = await runsOf(db(), hourly.id);
    expect(run).toMatchObject({ status: "failed", attempt: 4, retry_at: null });
    const row = await scheduleRow(db(), hourly.id);
    expect(row).toMatchObject({ retry_slot: null, failure_count: 1 });
    expect(row.next_run_at.toISOString()).toBe("2027-04-01T11:00:00.000Z");
    // The next slot runs as usual and gets its own retries.
    await tick("2027-04-01T11:00:10Z", failing);
    expect((await runsOf(db(), hourly.id)).map((r) => [r.scheduled_for?.toISOString(), r.attempt])).toEqual([
      ["2027-04-01T10:00:00.000Z", 4],
      ["2027-04-01T11:00:00.000Z", 1],
    ]);
    await db().query("update autopilot_schedules set enabled = false where id = $1", [hourly.id]);

    // A daily slot fails at 09:00; no tick comes until the next day at 09:10: its retry is not run, the slot
    // is failed for good, and the new day's slot runs in the same tick.
    const daily = await schedule({ schedule_name: "Outage", max_retries: 2 }, "2027-04-05T00:00:00Z");
    await tick("2027-04-05T09:00:10Z", flakyGenerator(1));
    expect((await scheduleRow(db(), daily.id)).retry_slot).not.toBeNull();
    expect(await tick("2027-04-06T09:10:00Z")).toMatchObject({ failed: 1, succeeded: 1 });
    const runs = await runsOf(db(), daily.id);
    expect(runs.map((r) => [r.scheduled_for?.toISOString(), r.status, r.attempt, r.retry_at])).toEqual([
      ["2027-04-05T09:00:00.000Z", "failed", 1, null],
      ["2027-04-06T09:00:00.000Z", "success", 1, null],
    ]);
    expect(await scheduleRow(db(), daily.id)).toMatchObject({ failure_count: 1, success_count: 1, consecutive_failures: 0 });
  });

  it("does not retry a permanent error: an inactive specification parks the schedule", async () => {
    const s = await schedule({ schedule_name: "Permanent", max_retries: 2, categories_override: ["news"] }, "2027-04-10T00:00:00Z");
    await db().query("update newsletter_specifications set status = 'inactive' where id = $1", [specId]);
    try {
      await tick("2027-04-10T09:00:10Z");
      expect(await scheduleRow(db(), s.id)).toMatchObject({ status: "error", retry_slot: null });
      expect(await runsOf(db(), s.id)).toEqual([]);
    } finally {
      await db().query("update newsletter_specifications set status = 'active' where id = $1", [specId]);
    }
  });

  it("only when new: skips a report whose window holds nothing the last report did not, then reports again when something new arrives", async () => {
    const items = (entries: [string, string][]) =>
      db().query(
        `insert into content_items (workspace_id, category_id, region, title, url, published_at)
         select $1, 'news', 'Europe', x.title, x.url, x.published from jsonb_to_recordset($2::jsonb) as x(title text, url text, published timestamptz)`,
        [workspaceId, JSON.stringify(entries.map(([url, published]) => ({ title: url, url: `https://news.example.com/${url}`, published })))],
      );
    await items([["a", "2027-05-02T08:00:00Z"], ["b", "2027-05-02T08:30:00Z"]]);
    // A weekly window, run daily: day 2's window still holds day 1's items and nothing else.
    const s = await schedule({ schedule_name: "Only new", cadence_override: "weekly", only_when_new: true, max_retries: 0 }, "2027-05-01T00:00:00Z");
    expect(await tick("2027-05-03T09:00:10Z", realGenerator)).toMatchObject({ succeeded: 1 });
    expect(await tick("2027-05-04T09:00:10Z", realGenerator)).toMatchObject({ skipped: 1, succeeded: 0 });
    let runs = await runsOf(db(), s.id);
    expect(runs[1]).toMatchObject({ status: "skipped" });
    expect(runs[1].error).toMatch(/^No new content since the last report \(2027-05-03 09:00 UTC\)$/);
    // Day 3: one new item, and the report is made again.
    await items([["c", "2027-05-04T12:00:00Z"]]);
    expect(await tick("2027-05-05T09:00:10Z", realGenerator)).toMatchObject({ succeeded: 1 });
    // Day 4: nothing new since day 3's report.
    expect(await tick("2027-05-06T09:00:10Z", realGenerator)).toMatchObject({ skipped: 1 });
    runs = await runsOf(db(), s.id);
    expect(runs.map((r) => r.status)).toEqual(["success", "skipped", "success", "skipped"]);
    expect(await scheduleRow(db(), s.id)).toMatchObject({ run_count: 2, success_count: 2, last_run_status: "skipped" });

    await db().query("update autopilot_schedules set enabled = false where id = $1", [s.id]);
    // Skip when empty: a daily window with no items on two days in a row, then one with an item.
    const empty = await schedule({ schedule_name: "Not empty", skip_when_empty: true, max_retries: 0 }, "2027-05-10T00:00:00Z");
    expect(await tick("2027-05-10T09:00:10Z", realGenerator)).toMatchObject({ skipped: 1 });
    expect(await tick("2027-05-11T09:00:10Z", realGenerator)).toMatchObject({ skipped: 1 });
    await items([["d", "2027-05-12T07:00:00Z"]]);
    expect(await tick("2027-05-12T09:00:10Z", realGenerator)).toMatchObject({ succeeded: 1 });
    const emptyRuns = await runsOf(db(), empty.id);
    expect(emptyRuns.map((r) => [r.status, r.error])).toEqual([
      ["skipped", "Nothing to report: no items in the report's period"],
      ["skipped", "Nothing to report: no items in the report's period"],
      ["success", null],
    ]);
  });

  it("catch-up window: a slot missed by more than the window is skipped and the next one runs; within it the latest missed slot runs", async () => {
    const s = await schedule({ schedule_name: "Fresh only", catch_up_minutes: 60 }, "2027-06-01T00:00:00Z");
    // No tick from 09:00 until 11:00 on day 1: too late for a one-hour window.
    expect(await tick("2027-06-01T11:00:00Z")).toMatchObject({ skipped: 1, succeeded: 0 });
    let [run] = await runsOf(db(), s.id);
    expect(run).toMatchObject({ status: "skipped", error: "Missed: older than the catch-up window (1 hour) when the engine saw it" });
    expect((await scheduleRow(db(), s.id)).next_run_at.toISOString()).toBe("2027-06-02T09:00:00.000Z");
    // Day 2 at 09:40: within the window, it runs.
    expect(await tick("2027-06-02T09:40:00Z")).toMatchObject({ succeeded: 1 });

    // The default window is one interval of the schedule: missed by a day and more, the latest slot runs.
    const lenient = await schedule({ schedule_name: "Default window" }, "2027-06-10T00:00:00Z");
    expect(await tick("2027-06-12T08:00:00Z")).toMatchObject({ succeeded: 1 });
    [run] = await runsOf(db(), lenient.id);
    expect(run).toMatchObject({ status: "success", missed_slots: 1 });
    expect(run.scheduled_for?.toISOString()).toBe("2027-06-11T09:00:00.000Z");
  });

  it("times a run out after the schedule's own timeout, and retries it", async () => {
    const s = await schedule({ schedule_name: "Quick", timeout_seconds: 20, max_retries: 1 }, "2027-07-01T00:00:00Z");
    const hanging: EngineGenerator = { render: () => new Promise(() => undefined) };
    // The hung tick never returns; the next tick, past the 20 s deadline, fails the run "timed out".
    void tick("2027-07-01T09:00:05Z", hanging);
    // A run still generating is written as running after a second: wait longer than that (poll's default is one second).
    await expect.poll(async () => (await runsOf(db(), s.id))[0]?.status, { timeout: 5_000 }).toBe("running");
    const [started] = (await db().query<{ deadline_at: Date; started_at: Date }>("select deadline_at, started_at from newsletter_runs where autopilot_schedule_id = $1", [s.id])).rows;
    expect(started.deadline_at.getTime() - started.started_at.getTime()).toBe(20_000);
    expect(await tick("2027-07-01T09:00:26Z")).toMatchObject({ timed_out: 1 });
    let [run] = await runsOf(db(), s.id);
    expect(run).toMatchObject({ status: "failed", error: TIMED_OUT, attempt: 1 });
    expect(run.retry_at).not.toBeNull();
    // Its retry succeeds; the next day runs as usual.
    expect(await tick(new Date(run.retry_at!.getTime() + 1000))).toMatchObject({ succeeded: 1 });
    [run] = await runsOf(db(), s.id);
    expect(run).toMatchObject({ status: "success", attempt: 2 });
    expect(await tick("2027-07-02T09:00:05Z")).toMatchObject({ succeeded: 1 });
  });

  it("retention: keeps the newest runs, the last successful report and any run a delivery still needs; keeps the audit", async () => {
    const s = await schedule(
      { schedule_name: "Short memory", retention_runs: 2, max_retries: 0, destinations: [{ type: "email", to: ["reader@example.com"] }] },
      "2027-08-01T00:00:00Z",
    );
    // Day 1 succeeds (its email waits: SMTP is not configured), days 2–5 fail.
    await tick("2027-08-01T09:00:10Z");
    const [day1] = await runsOf(db(), s.id);
    const failing = flakyGenerator(100);
    for (const day of ["02", "03", "04", "05"]) await tick(`2027-08-${day}T09:00:10Z`, failing);
    const kept = async () => (await runsOf(db(), s.id)).map((r) => r.scheduled_for?.toISOString().slice(5, 10));
    // Day 1's email and the owners' alert about day 2's failure still wait to be sent: both runs stay.
    expect(await kept()).toEqual(["08-01", "08-02", "08-04", "08-05"]);
    // The deliveries are done with; day 1 stays anyway: it is the last successful report.
    await db().query("update deliveries set status = 'gave_up' where schedule_id = $1 or run_id in (select id from newsletter_runs where autopilot_schedule_id = $1)", [s.id]);
    await tick("2027-08-06T09:00:10Z", failing);
    expect(await kept()).toEqual(["08-01", "08-05", "08-06"]);
    // Day 7 succeeds: day 1 has had its day.
    await tick("2027-08-07T09:00:10Z");
    expect(await kept()).toEqual(["08-06", "08-07"]);
    const files = await db().query("select 1 from report_files where run_id = $1", [day1.id]);
    expect(files.rows).toEqual([]);
    expect((await audit(s.id)).filter((e) => e.action === "schedule.execute")).toHaveLength(7);

    // By age: 2 days kept, checked again on the next days.
    const aged = await schedule({ schedule_name: "Two days", retention_days: 2 }, "2027-08-10T00:00:00Z");
    for (const day of ["10", "11", "12", "13"]) await tick(`2027-08-${day}T09:00:10Z`);
    expect((await runsOf(db(), aged.id)).map((r) => r.scheduled_for?.toISOString().slice(5, 10))).toEqual(["08-11", "08-12", "08-13"]);
  });

  it("pauses with a note until a date (across a daylight-saving change), resumes by itself and runs its next slot, not the missed ones", async () => {
    const s = await schedule({ schedule_name: "Holiday", schedule_config: { time: "09:00", timezone: "Europe/Berlin" } }, "2027-03-24T00:00:00Z");
    await tick("2027-03-24T08:00:10Z");
    const until = at("2027-03-28T23:00:00Z"); // Monday 29 March 00:00 in Berlin, just after clocks went forward
    const paused = await updateSchedule(owner, workspaceId, s.id, schedulePatchSchema.parse({ status: "paused", paused_note: "Team offsite", paused_until: until.toISOString() }), at("2027-03-24T12:00:00Z"));
    expect(paused).toMatchObject({ status: "paused", paused_note: "Team offsite" });
    for (const day of ["25", "26", "27", "28"]) expect((await tick(`2027-03-${day}T08:00:10Z`)).claimed).toBe(0);
    // Monday 09:00 Berlin is 07:00 UTC after the change: it resumes and runs that slot only.
    expect(await tick("2027-03-29T07:00:10Z")).toMatchObject({ resumed: 1, succeeded: 1 });
    expect((await runsOf(db(), s.id)).map((r) => r.scheduled_for?.toISOString())).toEqual(["2027-03-24T08:00:00.000Z", "2027-03-29T07:00:00.000Z"]);
    expect(await scheduleRow(db(), s.id)).toMatchObject({ status: "active", paused_note: null, paused_until: null });
    expect(await tick("2027-03-30T07:00:10Z")).toMatchObject({ succeeded: 1 });
    const trail = (await audit(s.id)).map((e) => [e.action, e.actor_type]);
    expect(trail).toContainEqual(["schedule.pause", "user"]);
    expect(trail).toContainEqual(["schedule.resume", "autopilot"]);

    // A pause in the past, or a note without pausing, is refused and changes nothing.
    const refused = await updateSchedule(owner, workspaceId, s.id, schedulePatchSchema.parse({ status: "paused", paused_until: "2020-01-01T00:00:00Z" })).catch((e: AppError) => e);
    expect(refused).toMatchObject({ code: "validation_failed", fields: { paused_until: expect.stringMatching(/future/) } });
    expect((await scheduleRow(db(), s.id)).status).toBe("active");
    // Paused without an end, it stays paused until someone resumes it.
    await updateSchedule(owner, workspaceId, s.id, schedulePatchSchema.parse({ status: "paused" }), at("2027-03-30T12:00:00Z"));
    expect((await tick("2027-04-05T07:00:10Z")).claimed).toBe(0);
    const resumed = await updateSchedule(owner, workspaceId, s.id, schedulePatchSchema.parse({ status: "active" }), at("2027-04-05T12:00:00Z"));
    expect(resumed.next_run_at.toISOString()).toBe("2027-04-06T07:00:00.000Z");
  });

  it("runs only between its start and end dates, then ends", async () => {
    const s = await schedule({ schedule_name: "Campaign", starts_at: "2027-09-02T00:00:00Z", ends_at: "2027-09-03T23:59:00Z" }, "2027-09-01T00:00:00Z");
    expect(s.next_run_at.toISOString()).toBe("2027-09-02T09:00:00.000Z");
    for (const day of ["01", "02", "03", "04", "05"]) await tick(`2027-09-${day}T09:00:10Z`);
    expect((await runsOf(db(), s.id)).map((r) => r.scheduled_for?.toISOString().slice(5, 10))).toEqual(["09-02", "09-03"]);
    expect((await scheduleRow(db(), s.id)).status).toBe("completed");
    // A later end date runs it again from the next slot.
    const extended = await updateSchedule(owner, workspaceId, s.id, schedulePatchSchema.parse({ ends_at: "2027-09-30T00:00:00Z" }), at("2027-09-05T12:00:00Z"));
    expect(extended).toMatchObject({ status: "active" });
    expect(extended.next_run_at.toISOString()).toBe("2027-09-06T09:00:00.000Z");
    // An end before the start, or one that leaves no slot, is refused naming ends_at.
    for (const patch of [{ starts_at: "2027-09-10T00:00:00Z", ends_at: "2027-09-09T00:00:00Z" }, { ends_at: "2027-09-05T13:00:00Z" }]) {
      const error = await updateSchedule(owner, workspaceId, s.id, schedulePatchSchema.parse(patch), at("2027-09-05T12:00:00Z")).catch((e: AppError) => e);
      expect(error).toMatchObject({ code: "validation_failed", fields: { ends_at: expect.any(String) } });
    }
  });

  it("pauses after N failures in a row only when asked to: by default a failure never blocks the next slot", async () => {
    const failing = flakyGenerator(1000);
    const keepsGoing = await schedule({ schedule_name: "Never pauses", max_retries: 0 }, "2027-10-01T00:00:00Z");
    const pauses = await schedule({ schedule_name: "Pauses after 3", max_retries: 0, pause_after_failures: 3 }, "2027-10-01T00:00:00Z");
    for (const day of ["01", "02", "03", "04", "05", "06"]) await tick(`2027-10-${day}T09:00:10Z`, failing);
    expect(await scheduleRow(db(), keepsGoing.id)).toMatchObject({ status: "active", consecutive_failures: 6, paused_note: null });
    expect(await scheduleRow(db(), pauses.id)).toMatchObject({ status: "paused", consecutive_failures: 3 });
    expect((await scheduleRow(db(), pauses.id)).paused_note).toMatch(/^Paused after 3 failed runs in a row\. Last error: Feed timed out/);
    expect(await runsOf(db(), pauses.id)).toHaveLength(3);
  });

  it("workspace defaults: owners set them, new schedules start with them, a request's own values win; members may not change them", async () => {
    const member = await createUser(db(), { name: "policy-member" });
    await db().query("insert into workspace_members (workspace_id, user_id, email, role) values ($1, $2, $3, 'member')", [workspaceId, member.id, member.email]);
    expect(await getScheduleDefaults(member, workspaceId)).toEqual(DEFAULT_POLICY);
    const refused = await setScheduleDefaults(member, workspaceId, { ...DEFAULT_POLICY, max_retries: 0 }).catch((e: AppError) => e);
    expect(refused).toMatchObject({ code: "forbidden" });
    await setScheduleDefaults(owner, workspaceId, schedulePolicySchema.parse({ max_retries: 0, only_when_new: true, retention_days: 30 }));
    const defaults = await getScheduleDefaults(member, workspaceId);
    expect(defaults).toMatchObject({ max_retries: 0, only_when_new: true, retention_days: 30, pause_after_failures: null });
    const body = { specification_id: specId, schedule_name: "From defaults", schedule_type: "daily", schedule_config: { time: "09:00" } };
    const fromDefaults = await createSchedule(member, workspaceId, scheduleCreateSchema.parse(withScheduleDefaults(body, defaults)));
    expect(fromDefaults).toMatchObject({ max_retries: 0, only_when_new: true, retention_days: 30 });
    const own = await createSchedule(member, workspaceId, scheduleCreateSchema.parse(withScheduleDefaults({ ...body, max_retries: 4 }, defaults)));
    expect(own).toMatchObject({ max_retries: 4, only_when_new: true });
    expect(schedulePolicySchema.safeParse({ retention_days: 0 }).error?.issues[0].path).toEqual(["retention_days"]);
    await setScheduleDefaults(owner, workspaceId, DEFAULT_POLICY);
  });

  it("refuses bad policy values with a 400 naming the field, and writes nothing", async () => {
    const before = (await db().query<{ n: number }>("select count(*)::int as n from autopilot_schedules")).rows[0].n;
    for (const [field, value] of [
      ["max_retries", 6],
      ["max_retries", "2"],
      ["catch_up_minutes", 0],
      ["catch_up_minutes", 10081],
      ["timeout_seconds", 5],
      ["retention_days", 0],
      ["retention_runs", 1.5],
      ["pause_after_failures", -1],
      ["only_when_new", "yes"],
      ["starts_at", "tomorrow"],
    ] as const) {
      const parsed = scheduleCreateSchema.safeParse({ specification_id: specId, schedule_name: "Bad", schedule_type: "daily", schedule_config: { time: "09:00" }, [field]: value });
      expect(parsed.success, `${field}=${value}`).toBe(false);
      expect(parsed.error!.issues[0].path).toEqual([field]);
      expect(parsed.error!.issues[0].message).toContain(field);
    }
    expect((await db().query<{ n: number }>("select count(*)::int as n from autopilot_schedules")).rows[0].n).toBe(before);
  });
});

import { beforeAll, beforeEach, expect, it } from "vitest";
import { latestDueSlot, nextSlotAfter } from "@/lib/schedule/due-slot";
import { completeGeneratorRun, tryStartGeneratorRun } from "@/lib/generator/execute-generator";
import { runTick } from "@/lib/engine/run-tick";
import { TIMED_OUT } from "@/lib/engine/recover-overdue-runs";
import { frequencyPeriod } from "@/lib/schedule/frequency-period";
import { formatLocal, toLocal } from "@/lib/schedule/zoned-time";
import { updateSchedule } from "@/lib/autopilot/schedules";
import { claimDueSchedules } from "@/lib/db/engine";
import type { Actor } from "@/lib/db/transactions";
import { updateSpecification } from "@/lib/specifications/specifications";
import type { ScheduleCreateInput } from "@/lib/validation/schedule";
import { createDailySchedule, makeDue, runsOf, scheduleRow } from "./helpers/schedules";
import { failingGenerator } from "./helpers/failing-generator";
import { createStarterTeam, disableSchedules } from "./helpers/starter-team";
import { describeEachDatabase } from "./helpers/test-database";

describeEachDatabase("the Autopilot engine", (db) => {
  let owner: Actor, workspaceId: string, specId: string;
  const newSchedule = (overrides: Partial<ScheduleCreateInput> = {}) => createDailySchedule(owner, workspaceId, specId, overrides);
  const audit = async (scheduleId: string) =>
    (
      await db().query<{ action: string; level: string; actor_type: string; details: Record<string, unknown> }>(
        "select action, level, actor_type, details from audit_log where entity_id = $1 order by id",
        [scheduleId],
      )
    ).rows;

  beforeAll(async () => {
    ({ owner, workspaceId, specId } = await createStarterTeam(db()));
  });

  beforeEach(() => disableSchedules(db(), workspaceId));

  it("runs a due schedule once for its slot, records the counters and the audit, and schedules the next slot", async () => {
    const schedule = await newSchedule();
    const slot = await makeDue(db(), schedule.id);
    const summary = await runTick(db());
    expect(summary).toMatchObject({ claimed: 1, succeeded: 1, failed: 0, skipped: 0, remaining_due: 0 });
    const [run] = await runsOf(db(), schedule.id);
    expect(run).toMatchObject({ status: "success", trigger: "autopilot", missed_slots: 0 });
    expect(run.scheduled_for!.getTime()).toBe(slot.getTime());
    const row = await scheduleRow(db(), schedule.id);
    expect(row).toMatchObject({ run_count: 1, success_count: 1, failure_count: 0, last_run_status: "success", last_run_error: null, locked_until: null });
    expect(row.next_run_at.getTime()).toBeGreaterThan(Date.now());
    const trail = await audit(schedule.id);
    expect(trail.map((e) => [e.action, e.actor_type])).toEqual([
      ["schedule.create", "user"],
      ["schedule.execute", "autopilot"],
    ]);
    expect(trail[1].details).toMatchObject({ status: "success", run_id: run.id, slot: slot.toISOString() });
    // A repeated delivery of the same cron call finds nothing due.
    expect((await runTick(db())).claimed).toBe(0);
    expect(await runsOf(db(), schedule.id)).toHaveLength(1);
  });

  it("6.1 frequency limit: a skipped run with the reason, a warning, and the first slot of the next calendar period", async () => {
    // The sample specification is weekly; a first run without override uses up this ISO week (in Berlin).
    const first = await newSchedule({ cadence_override: null, schedule_name: "Weekly 1" });
    const slot = await makeDue(db(), first.id);
    await runTick(db());
    const [done] = await runsOf(db(), first.id);
    expect(done.status).toBe("success");
    const week = frequencyPeriod("weekly", slot, "Europe/Berlin");

    const second = await newSchedule({ cadence_override: null, schedule_name: "Weekly 2" });
    await makeDue(db(), second.id);
    const summary = await runTick(db());
    expect(summary).toMatchObject({ claimed: 1, skipped: 1, succeeded: 0 });
    const [skipped] = await runsOf(db(), second.id);
    expect(skipped.status).toBe("skipped");
    expect(skipped.error).toBe(
      `Frequency limit: “Weekly Tech Briefing” already has its weekly report for ${week.label} (Europe/Berlin); the next one is allowed from ${formatLocal("Europe/Berlin", week.end.getTime())} Europe/Berlin`,
    );
    const row = await scheduleRow(db(), second.id);
    // The first daily 09:00 (Berlin) slot of the next ISO week: Monday.
    expect(row.next_run_at.toISOString()).toBe(nextSlotAfter(second, week.end)!.toISOString());
    expect(toLocal("Europe/Berlin", row.next_run_at.getTime())).toMatchObject({ weekday: 1, hour: 9, minute: 0 });
    expect(row).toMatchObject({ status: "active", last_run_status: "skipped", failure_count: 0 });
    expect((await audit(second.id)).at(-1)).toMatchObject({ action: "schedule.execute", level: "warning" });
  });

  it("6.1 specification no longer active: status error with the reason, next_run_at kept, not claimed again until fixed", async () => {
    const schedule = await newSchedule({ schedule_name: "Inactive spec" });
    const due = await makeDue(db(), schedule.id);
    await updateSpecification(owner, workspaceId, specId, { status: "inactive" });
    try {
      expect(await runTick(db())).toMatchObject({ claimed: 1, failed: 1 });
      const row = await scheduleRow(db(), schedule.id);
      expect(row).toMatchObject({ status: "error", last_run_error: "Specification is not active", locked_until: null });
      expect(row.next_run_at.getTime()).toBe(due.getTime());
      expect(await runsOf(db(), schedule.id)).toEqual([]);
      expect((await runTick(db())).claimed).toBe(0);
    } finally {
      await updateSpecification(owner, workspaceId, specId, { status: "active" });
    }
    // The fix: with the specification active again, saving the schedule makes it active.
    const fixed = await updateSchedule(owner, workspaceId, schedule.id, { notes: "spec re-activated" });
    expect(fixed.status).toBe("active");
    expect(fixed.last_run_error).toBeNull();
    expect(fixed.next_run_at.getTime()).toBeGreaterThan(Date.now());
  });

  it("6.1 generation failure (no retries): a failed run with the message, failure_count + 1, the next slot as usual; paused after 5 in a row when asked to", async () => {
    const schedule = await newSchedule({ schedule_name: "Broken", max_retries: 0, pause_after_failures: 5 });
    for (let attempt = 1; attempt <= 5; attempt++) {
      await makeDue(db(), schedule.id);
      const summary = await runTick(db(), { generator: failingGenerator });
      expect(summary).toMatchObject({ claimed: 1, failed: 1 });
      const row = await scheduleRow(db(), schedule.id);
      expect(row.failure_count).toBe(attempt);
      expect(row.last_run_status).toBe("failed");
      if (attempt < 5) {
        expect(row.status).toBe("active");
        expect(row.next_run_at.getTime()).toBeGreaterThan(Date.now());
      }
    }
    const runs = await runsOf(db(), schedule.id);
    expect(runs.map((r) => r.status)).toEqual(["failed", "failed", "failed", "failed", "failed"]);
    expect(runs[0].error).toMatch(/Invalid time zone/i);
    const row = await scheduleRow(db(), schedule.id);
    expect(row.status).toBe("paused");
    expect(row.paused_note).toMatch(/^Paused after 5 failed runs in a row\. Last error: .*Invalid time zone/i);
    await makeDue(db(), schedule.id);
    expect((await runTick(db())).claimed).toBe(0); // paused schedules are not run
    // A failed run never blocks the next one: re-enabled, it runs and succeeds.
    const resumed = await updateSchedule(owner, workspaceId, schedule.id, { enabled: true });
    expect(resumed.status).toBe("active");
    await makeDue(db(), schedule.id);
    expect(await runTick(db())).toMatchObject({ succeeded: 1 });
    expect(await scheduleRow(db(), schedule.id)).toMatchObject({ consecutive_failures: 0, success_count: 1, failure_count: 5 });
  });

  it("6.1 worker down: one run for the latest missed slot, recording how many were missed, then the next slot after now", async () => {
    const schedule = await newSchedule({ schedule_name: "Was down", schedule_config: { time: "06:00", timezone: "UTC" } });
    const { rows } = await db().query<{ next_run_at: Date }>(
      "update autopilot_schedules set next_run_at = (date_trunc('day', now()) - interval '3 days' + interval '6 hours') where id = $1 returning next_run_at",
      [schedule.id],
    );
    const expected = latestDueSlot(schedule, rows[0].next_run_at, new Date());
    await runTick(db());
    const runs = await runsOf(db(), schedule.id);
    expect(runs).toHaveLength(1);
    expect(runs[0].scheduled_for!.getTime()).toBe(expected.slot.getTime());
    expect(runs[0].missed_slots).toBe(expected.missed);
    expect(expected.missed).toBeGreaterThanOrEqual(2);
    expect((await scheduleRow(db(), schedule.id)).next_run_at.getTime()).toBeGreaterThan(Date.now());
  });

  it("a run past its deadline is marked failed \"timed out\" and the schedule moves to its next slot", async () => {
    const schedule = await newSchedule({ schedule_name: "Hung", max_retries: 0 });
    const slot = await makeDue(db(), schedule.id);
    // A tick claims it and starts the run, then dies.
    const [claimed] = await claimDueSchedules(db(), { now: new Date(), limit: 10, leaseSeconds: 120, tickId: "dead-tick" });
    expect(claimed.id).toBe(schedule.id);
    const started = await tryStartGeneratorRun(db(), {
      workspaceId,
      specificationId: specId,
      actor: { kind: "schedule", scheduleId: schedule.id, scheduleName: "Hung" },
      trigger: "autopilot",
      autopilotScheduleId: schedule.id,
      scheduledFor: slot,
      cadenceOverride: "daily",
    });
    expect(started.run!.deadline_at!.getTime() - started.run!.started_at!.getTime()).toBe(60_000);
    expect((await runTick(db())).claimed).toBe(0); // leased and before its deadline: nobody else touches it
    const afterDeadline = new Date(started.run!.deadline_at!.getTime() + 1);
    const summary = await runTick(db(), { now: () => afterDeadline });
    expect(summary.timed_out).toBe(1);
    const [run] = await runsOf(db(), schedule.id);
    expect(run).toMatchObject({ status: "failed", error: TIMED_OUT });
    const row = await scheduleRow(db(), schedule.id);
    expect(row).toMatchObject({ locked_until: null, failure_count: 1, run_count: 1, status: "active", last_run_error: TIMED_OUT });
    expect(row.next_run_at.getTime()).toBe(nextSlotAfter(schedule, afterDeadline)!.getTime());
    // A late finish by the hung process changes nothing.
    const late = await completeGeneratorRun(db(), started.run!, { workspaceId, specificationId: specId, actor: { kind: "schedule", scheduleId: schedule.id, scheduleName: "Hung" }, trigger: "autopilot" });
    expect(late).toMatchObject({ status: "failed", error: TIMED_OUT });
    expect((await db().query("select 1 from report_files where run_id = $1", [run.id])).rows).toEqual([]);
  });

  it("a tick killed mid-batch: after the lease, every schedule still runs exactly once for its slot", async () => {
    const schedules = await Promise.all([1, 2, 3, 4].map((n) => newSchedule({ schedule_name: `Batch ${n}` })));
    const slots = await Promise.all(schedules.map((s) => makeDue(db(), s.id)));
    const claimed = await claimDueSchedules(db(), { now: new Date(), limit: 10, leaseSeconds: 120, tickId: "killed" });
    expect(claimed).toHaveLength(4);
    expect((await runTick(db())).claimed).toBe(0);
    const summary = await runTick(db(), { now: () => new Date(Date.now() + 121_000) });
    expect(summary).toMatchObject({ claimed: 4, succeeded: 4, timed_out: 0 });
    for (const [index, schedule] of schedules.entries()) {
      const runs = await runsOf(db(), schedule.id);
      expect(runs).toHaveLength(1);
      expect(runs[0].scheduled_for!.getTime()).toBe(slots[index].getTime());
    }
  });

  it("stops claiming when the time budget is spent and reports what is left", async () => {
    const schedules = await Promise.all([1, 2, 3].map((n) => newSchedule({ schedule_name: `Budget ${n}` })));
    for (const s of schedules) await makeDue(db(), s.id);
    const summary = await runTick(db(), { settings: { batchSize: 1, tickBudgetMs: 1 } });
    // At most one claimed before the budget ran out, and released again unstarted.
    expect(summary).toMatchObject({ succeeded: 0, remaining_due: 3, deferred: summary.claimed });
    const rest = await runTick(db(), { settings: { batchSize: 1 } });
    expect(rest).toMatchObject({ claimed: 3, succeeded: 3, remaining_due: 0 });
  });
});

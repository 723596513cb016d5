/**
 * When a scheduled run's row is written: a quick run once, when it ends, with its result; a run still
 * generating after a second as running with its deadline, then ended on the same row. What happens to a slot
 * whose process dies before its run was written, and to a run whose period someone else takes while it
 * generates. Each across two days, through the real tick on a fake clock.
 */
import { beforeAll, beforeEach, expect, it } from "vitest";
import { autopilotSettings } from "@/lib/config";
import type { Database } from "@/lib/db/database";
import type { Actor } from "@/lib/db/transactions";
import { TAKEN_MEANWHILE } from "@/lib/engine/outcome-flusher";
import { leaseSecondsFor, runTick } from "@/lib/engine/run-tick";
import { completeGeneratorRun, recordRunOutcomes, tryStartGeneratorRun } from "@/lib/generator/execute-generator";
import { insertRuns, plannedRun, type NewRun } from "@/lib/db/runs";
import { withSystem } from "@/lib/db/transactions";
import { createDailySchedule, runsOf, scheduleRow } from "./helpers/schedules";
import { recordOnlyGenerator } from "./helpers/record-only-generator";
import { createStarterTeam, disableSchedules } from "./helpers/starter-team";
import { describeEachDatabase } from "./helpers/test-database";

const hangForever = () => new Promise<never>(() => undefined);

/** A generator that waits until `release()` before succeeding, and says when it has started. */
function gatedGenerator() {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let started = false;
  const generator = recordOnlyGenerator(async () => {
    started = true;
    await released;
  });
  return { generator, release, hasStarted: () => started };
}

async function until(condition: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describeEachDatabase("when a scheduled run is written", (db) => {
  let owner: Actor, workspaceId: string, specId: string;
  const at = (iso: string) => () => new Date(iso);
  /** A daily 09:00 Berlin schedule whose next slot is `slot`. */
  const scheduleAt = async (slot: string, overrides: Parameters<typeof createDailySchedule>[3] = {}) => {
    const schedule = await createDailySchedule(owner, workspaceId, specId, overrides);
    await db().query("update autopilot_schedules set next_run_at = $2 where id = $1", [schedule.id, slot]);
    return schedule;
  };

  beforeAll(async () => {
    ({ owner, workspaceId, specId } = await createStarterTeam(db()));
  });

  beforeEach(() => disableSchedules(db(), workspaceId));

  it("a run still generating after a second is written as running with its deadline, then ends on the same row; the next day as usual", async () => {
    const schedule = await scheduleAt("2027-03-01T08:00:00Z");
    const gate = gatedGenerator();
    const ticking = runTick(db(), { generator: gate.generator, now: at("2027-03-01T08:00:05Z") });
    await until(gate.hasStarted);
    await until(async () => (await runsOf(db(), schedule.id)).length === 1);
    const [running] = (
      await db().query<{ id: string; status: string; started_at: Date; deadline_at: Date }>(
        "select id, status, started_at, deadline_at from newsletter_runs where autopilot_schedule_id = $1",
        [schedule.id],
      )
    ).rows;
    expect(running.status).toBe("running");
    expect(running.deadline_at.getTime() - running.started_at.getTime()).toBe(autopilotSettings().runTimeoutSeconds * 1000);
    gate.release();
    expect(await ticking).toMatchObject({ claimed: 1, succeeded: 1 });
    const [ended] = await runsOf(db(), schedule.id);
    expect(ended).toMatchObject({ id: running.id, status: "success", attempt: 1 });

    expect(await runTick(db(), { generator: recordOnlyGenerator(), now: at("2027-03-02T08:00:05Z") })).toMatchObject({ claimed: 1, succeeded: 1 });
    expect((await runsOf(db(), schedule.id)).map((r) => [r.scheduled_for?.toISOString(), r.status])).toEqual([
      ["2027-03-01T08:00:00.000Z", "success"],
      ["2027-03-02T08:00:00.000Z", "success"],
    ]);
  });

  it("a process that dies before its run is written leaves no row; the slot runs once after the lease, and the next day as usual", async () => {
    const schedule = await scheduleAt("2027-04-01T07:00:00Z");
    // A dying process: after its claim (recovery, resume + watch, claim), nothing it does reaches the database.
    let transactions = 0;
    const dying: Database = { ...db(), transaction: (work, options) => (++transactions >= 4 ? hangForever() : db().transaction(work, options)) };
    let generating = false;
    void runTick(dying, { generator: { render: () => ((generating = true), hangForever()) }, now: at("2027-04-01T07:00:05Z") });
    await until(() => generating);
    // Past the second after which a long run's start would be written: the write never arrived.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await runsOf(db(), schedule.id)).toEqual([]);
    const leased = await scheduleRow(db(), schedule.id);
    expect(leased.next_run_at.toISOString()).toBe("2027-04-01T07:00:00.000Z");
    expect(leased.locked_until).not.toBeNull();

    // While leased, nobody else takes the slot; after the lease, one tick runs it, once.
    expect((await runTick(db(), { generator: recordOnlyGenerator(), now: at("2027-04-01T07:01:00Z") })).claimed).toBe(0);
    const afterLease = new Date(Date.parse("2027-04-01T07:00:05Z") + (leaseSecondsFor(autopilotSettings()) + 1) * 1000);
    expect(await runTick(db(), { generator: recordOnlyGenerator(), now: () => afterLease })).toMatchObject({ claimed: 1, succeeded: 1, timed_out: 0 });
    expect(await runTick(db(), { generator: recordOnlyGenerator(), now: () => afterLease })).toMatchObject({ claimed: 0 });
    expect(await runTick(db(), { generator: recordOnlyGenerator(), now: at("2027-04-02T07:00:05Z") })).toMatchObject({ claimed: 1, succeeded: 1 });
    expect((await runsOf(db(), schedule.id)).map((r) => [r.scheduled_for?.toISOString(), r.status, r.attempt])).toEqual([
      ["2027-04-01T07:00:00.000Z", "success", 1],
      ["2027-04-02T07:00:00.000Z", "success", 1],
    ]);
    expect(await scheduleRow(db(), schedule.id)).toMatchObject({ run_count: 2, success_count: 2, failure_count: 0, locked_until: null });
  });

  it("a run whose period someone takes while it generates is recorded skipped, once, with the reason; the next day runs", async () => {
    // A daily specification without a cadence override: each run uses up its day.
    await db().query("update newsletter_specifications set frequency = 'daily' where id = $1", [specId]);
    try {
      const schedule = await scheduleAt("2027-05-03T07:00:00Z", { cadence_override: null });
      const gate = gatedGenerator();
      const ticking = runTick(db(), { generator: gate.generator, now: at("2027-05-03T07:00:05Z"), recordStartAfterMs: 60_000 });
      await until(gate.hasStarted);
      // Someone presses Generate for the same specification that day, and it finishes first.
      const manual = await tryStartGeneratorRun(db(), {
        workspaceId,
        specificationId: specId,
        actor: { kind: "user", id: owner.id, email: owner.email },
        trigger: "manual",
        clock: at("2027-05-03T07:00:10Z"),
      });
      expect(manual.refusal).toBeUndefined();
      await completeGeneratorRun(db(), manual.run!, { workspaceId, specificationId: specId, actor: { kind: "user", id: owner.id, email: owner.email }, trigger: "manual", clock: at("2027-05-03T07:00:20Z") });
      gate.release();
      expect(await ticking).toMatchObject({ claimed: 1, succeeded: 0, skipped: 1 });
      const [skipped] = await runsOf(db(), schedule.id);
      expect(skipped).toMatchObject({ status: "skipped", error: TAKEN_MEANWHILE });
      expect((await db().query("select 1 from report_files where run_id = $1", [skipped.id])).rows).toEqual([]);
      expect(await scheduleRow(db(), schedule.id)).toMatchObject({ last_run_status: "skipped", run_count: 0, failure_count: 0, locked_until: null });
      expect((await scheduleRow(db(), schedule.id)).next_run_at.toISOString()).toBe("2027-05-04T07:00:00.000Z");

      expect(await runTick(db(), { generator: recordOnlyGenerator(), now: at("2027-05-04T07:00:05Z") })).toMatchObject({ claimed: 1, succeeded: 1 });
      expect((await runsOf(db(), schedule.id)).map((r) => [r.scheduled_for?.toISOString(), r.status])).toEqual([
        ["2027-05-03T07:00:00.000Z", "skipped"],
        ["2027-05-04T07:00:00.000Z", "success"],
      ]);
    } finally {
      await db().query("update newsletter_specifications set frequency = 'weekly' where id = $1", [specId]);
    }
  });

  it("an end whose start another transaction wrote meanwhile ends that row, once", async () => {
    const schedule = await scheduleAt("2027-06-01T07:00:00Z");
    const startedAt = new Date("2027-06-01T07:00:05Z");
    const newRun: NewRun & { id: string } = {
      id: crypto.randomUUID(),
      workspaceId,
      specificationId: specId,
      specificationName: "Weekly Tech Briefing",
      trigger: "autopilot",
      autopilotScheduleId: schedule.id,
      scheduledFor: new Date("2027-06-01T07:00:00Z"),
      categories: [],
      regions: [],
      cadence: "daily",
      periodStart: new Date("2027-05-31T07:00:00Z"),
      periodEnd: new Date("2027-06-01T07:00:00Z"),
      startedAt,
      deadlineAt: new Date(startedAt.getTime() + 60_000),
    };
    // The start, written by one flush; the end, prepared before it committed, still thinks the run unwritten.
    expect(await insertRuns(db(), [newRun])).toHaveLength(1);
    const run = plannedRun(newRun, startedAt);
    const finishedAt = new Date("2027-06-01T07:00:07Z");
    const ended = await withSystem(db(), (tx) =>
      recordRunOutcomes(tx, [{ run, id: run.id, status: "success", itemCount: 3, error: null, notes: [], finishedAt, report: null }], new Map([[run.id, newRun]])),
    );
    expect(ended).toHaveLength(1);
    expect(ended[0]).toMatchObject({ id: run.id, status: "success", item_count: 3, duration_ms: 2000 });
    expect(await runsOf(db(), schedule.id)).toEqual([expect.objectContaining({ id: run.id, status: "success", attempt: 1 })]);
  });
});

import { appendAudit } from "@/lib/db/audit-log";
import type { Database, Queryable } from "@/lib/db/database";
import { finishRun, insertRun, type Run } from "@/lib/db/runs";
import { markScheduleError, recordScheduleOutcome, releaseLease } from "@/lib/db/schedule-leases";
import type { ScheduleRow } from "@/lib/db/schedules";
import { getSpecification } from "@/lib/db/specifications";
import { withSystem } from "@/lib/db/transactions";
import { formatUtc } from "@/lib/format-time";
import {
  completeGeneratorRun,
  SlotTakenError,
  startGeneratorRun,
  type GeneratorRequest,
  type RunFinishHook,
} from "@/lib/generator/execute-generator";
import { checkFrequencyLimit } from "@/lib/generator/frequency-limit";
import { reportWindow } from "@/lib/generator/report-window";
import { AppError } from "@/lib/http/app-error";
import { nextRun } from "@/lib/schedule/next-run";
import { latestDueSlot, nextSlotAfter } from "./due-slot";

export const SPECIFICATION_NOT_ACTIVE = "Specification is not active";

export type ExecutionOutcome = "success" | "failed" | "skipped" | "error" | "duplicate";

/** The generator the engine drives: the real one, or a stand-in (benchmarks measure the engine alone). */
export interface EngineGenerator {
  start: (db: Database, request: GeneratorRequest) => Promise<Run>;
  complete: (db: Database, run: Run, request: GeneratorRequest, onFinish?: RunFinishHook) => Promise<Run>;
}

export const realGenerator: EngineGenerator = { start: startGeneratorRun, complete: completeGeneratorRun };

export interface ExecutionContext {
  now: Date;
  maxConsecutiveFailures: number;
  generator: EngineGenerator;
}

function logLine(fields: Record<string, unknown>): void {
  console.log(JSON.stringify({ time: new Date().toISOString(), ...fields }));
}

function auditExecution(tx: Queryable, schedule: ScheduleRow, details: Record<string, unknown>, level: "info" | "warning" | "error") {
  return appendAudit(tx, {
    workspaceId: schedule.workspace_id,
    actorType: "autopilot",
    action: "schedule.execute",
    entityType: "autopilot_schedule",
    entityId: schedule.id,
    level,
    details: { schedule_name: schedule.schedule_name, ...details },
  });
}

/** The seed's 6.1 "specification no longer active": park the schedule until someone fixes it. */
async function parkInError(db: Database, schedule: ScheduleRow, slot: Date): Promise<ExecutionOutcome> {
  await withSystem(db, async (tx) => {
    await markScheduleError(tx, { id: schedule.id, error: SPECIFICATION_NOT_ACTIVE });
    await auditExecution(tx, schedule, { slot: slot.toISOString(), status: "error", error: SPECIFICATION_NOT_ACTIVE }, "error");
  });
  logLine({ level: "error", msg: "schedule parked in error", schedule_id: schedule.id, error: SPECIFICATION_NOT_ACTIVE });
  return "error";
}

/** A run that ended before generation could start (e.g. an override no longer valid): recorded as failed. */
async function recordFailedStart(db: Database, schedule: ScheduleRow, ctx: ExecutionContext, slot: Date, missed: number, error: string) {
  const window = reportWindow(schedule.cadence_override ?? "daily", slot);
  await withSystem(db, async (tx) => {
    const run = await insertRun(tx, {
      workspaceId: schedule.workspace_id,
      specificationId: schedule.specification_id,
      specificationName: schedule.specification_name,
      trigger: "autopilot",
      autopilotScheduleId: schedule.id,
      scheduledFor: slot,
      missedSlots: missed,
      categories: schedule.categories_override ?? [],
      regions: schedule.regions_override ?? [],
      cadence: schedule.cadence_override ?? "daily",
      periodStart: window.start,
      periodEnd: window.end,
    });
    if (run) await finishRun(tx, { id: run.id, status: "failed", error });
    await recordScheduleOutcome(tx, {
      id: schedule.id,
      status: "failed",
      error,
      at: ctx.now,
      nextRunAt: nextSlotAfter(schedule, ctx.now),
      maxConsecutiveFailures: ctx.maxConsecutiveFailures,
    });
    await auditExecution(tx, schedule, { slot: slot.toISOString(), status: "failed", error, run_id: run?.id ?? null }, "error");
  });
  logLine({ level: "error", msg: "schedule run failed to start", schedule_id: schedule.id, error });
}

/**
 * Runs one claimed schedule for its latest due slot, following the seed's section 6.1. Every path ends with
 * the lease released and the schedule's state recorded in the same transaction as the run's end.
 */
export async function executeSchedule(db: Database, schedule: ScheduleRow, ctx: ExecutionContext): Promise<ExecutionOutcome> {
  const { slot, missed } = latestDueSlot(schedule, schedule.next_run_at, ctx.now);
  const nextRunAt = nextSlotAfter(schedule, ctx.now);

  // The claim read the specification's status with the schedule; a specification deleted since is caught below.
  if (schedule.specification_status !== "active") return parkInError(db, schedule, slot);

  if (!schedule.cadence_override) {
    const spec = await withSystem(db, (tx) => getSpecification(tx, { workspaceId: schedule.workspace_id, id: schedule.specification_id }));
    if (!spec || spec.status !== "active") return parkInError(db, schedule, slot);
    const verdict = await withSystem(db, (tx) =>
      checkFrequencyLimit(tx, { specificationId: spec.id, frequency: spec.frequency, at: ctx.now }),
    );
    if (!verdict.allowed) {
      const eligible = verdict.nextEligibleAt!;
      const reason = `Frequency limit: “${spec.name}” already has its ${spec.frequency} report; the next is allowed from ${formatUtc(eligible)}`;
      // The first slot at or after the next eligible time.
      const resumeAt = nextRun(schedule, new Date(eligible.getTime() - 1)) ?? nextRunAt;
      await withSystem(db, async (tx) => {
        const window = reportWindow(spec.frequency, slot);
        const run = await insertRun(tx, {
          workspaceId: schedule.workspace_id,
          specificationId: spec.id,
          specificationName: spec.name,
          trigger: "autopilot",
          autopilotScheduleId: schedule.id,
          scheduledFor: slot,
          missedSlots: missed,
          categories: schedule.categories_override ?? spec.categories.map((c) => c.id),
          regions: schedule.regions_override ?? spec.regions,
          cadence: spec.frequency,
          periodStart: window.start,
          periodEnd: window.end,
          status: "skipped",
        });
        if (run) await finishRun(tx, { id: run.id, status: "skipped", error: reason });
        await recordScheduleOutcome(tx, {
          id: schedule.id,
          status: "skipped",
          error: reason,
          at: ctx.now,
          nextRunAt: resumeAt,
          maxConsecutiveFailures: ctx.maxConsecutiveFailures,
        });
        await auditExecution(tx, schedule, { slot: slot.toISOString(), status: "skipped", reason, next_run_at: resumeAt.toISOString(), run_id: run?.id ?? null }, "warning");
      });
      return "skipped";
    }
  }

  const request: GeneratorRequest = {
    workspaceId: schedule.workspace_id,
    specificationId: schedule.specification_id,
    actor: { kind: "schedule", scheduleId: schedule.id, scheduleName: schedule.schedule_name },
    categoriesOverride: schedule.categories_override,
    regionsOverride: schedule.regions_override,
    cadenceOverride: schedule.cadence_override,
    trigger: "autopilot",
    autopilotScheduleId: schedule.id,
    scheduledFor: slot,
    missedSlots: missed,
    timeZone: schedule.schedule_config.timezone,
  };

  let run: Run;
  try {
    run = await ctx.generator.start(db, request);
  } catch (error) {
    if (error instanceof SlotTakenError) {
      // Another tick ran this slot already: just move on.
      await withSystem(db, async (tx) => {
        await tx.query("update public.autopilot_schedules set next_run_at = greatest(next_run_at, $2) where id = $1", [schedule.id, nextRunAt]);
        await releaseLease(tx, { id: schedule.id });
      });
      return "duplicate";
    }
    if (error instanceof AppError && (error.message === SPECIFICATION_NOT_ACTIVE || error.code === "not_found")) {
      return parkInError(db, schedule, slot);
    }
    await recordFailedStart(db, schedule, ctx, slot, missed, error instanceof Error ? error.message : String(error));
    return "failed";
  }

  const finished = await ctx.generator.complete(db, run, request, async (tx, ended) => {
    const status = ended.status === "success" ? "success" : "failed";
    const { paused } = await recordScheduleOutcome(tx, {
      id: schedule.id,
      status,
      error: ended.error,
      at: ctx.now,
      nextRunAt,
      maxConsecutiveFailures: ctx.maxConsecutiveFailures,
    });
    await auditExecution(
      tx,
      schedule,
      { slot: slot.toISOString(), status, error: ended.error, duration_ms: ended.duration_ms, run_id: ended.id, missed_slots: missed, paused },
      status === "success" ? "info" : "error",
    );
  });
  if (finished.status !== "success") {
    logLine({ level: "error", msg: "scheduled run failed", schedule_id: schedule.id, run_id: finished.id, error: finished.error });
    return "failed";
  }
  return "success";
}

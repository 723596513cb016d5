import "server-only";
import { appendAudit } from "@/lib/db/audit-log";
import type { Database, Queryable } from "@/lib/db/database";
import { insertRun, type Run } from "@/lib/db/runs";
import { markScheduleError, recordScheduleOutcome, settleTakenSlot } from "@/lib/db/engine";
import type { ScheduleRow } from "@/lib/db/schedules";
import type { Specification } from "@/lib/db/specifications";
import { withSystem } from "@/lib/db/transactions";
import {
  completeGeneratorRun,
  tryStartGeneratorRun,
  type GeneratorRequest,
  type RunFinishHook,
  type StartOutcome,
} from "@/lib/generator/execute-generator";
import { reportWindow } from "@/lib/generator/report-window";
import type { RunRefusal } from "@/lib/generator/run-admission";
import type { Logger } from "@/lib/log";
import { latestDueSlot, nextSlotAfter } from "@/lib/schedule/due-slot";

export type ExecutionOutcome = "success" | "failed" | "skipped" | "error" | "duplicate";

/** The generator the engine drives: the real one, or a stand-in (benchmarks measure the engine alone). */
export interface EngineGenerator {
  start: (db: Database, request: GeneratorRequest) => Promise<StartOutcome>;
  complete: (db: Database, run: Run, request: GeneratorRequest, onFinish?: RunFinishHook) => Promise<Run>;
}

export const realGenerator: EngineGenerator = { start: tryStartGeneratorRun, complete: completeGeneratorRun };

export interface ExecutionContext {
  clock: () => Date;
  maxConsecutiveFailures: number;
  runTimeoutSeconds: number;
  generator: EngineGenerator;
  /** The tick's logger (carries its tick_id). */
  log: Logger;
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

/** Specification gone or inactive: park the schedule in error (next_run_at kept) until someone fixes it. */
async function parkInError(db: Database, schedule: ScheduleRow, slot: Date, refusal: RunRefusal, ctx: ExecutionContext): Promise<ExecutionOutcome> {
  await withSystem(db, async (tx) => {
    await markScheduleError(tx, { id: schedule.id, error: refusal.message });
    await auditExecution(tx, schedule, { slot: slot.toISOString(), status: "error", error: refusal.message }, "error");
  });
  ctx.log.error({ schedule_id: schedule.id, error: refusal.message }, "schedule parked in error");
  return "error";
}

/**
 * A slot that ends without generating (frequency period taken, overrides no longer valid): recorded as an
 * ended run with its reason, and the schedule moves to `nextRunAt`, all in one transaction.
 */
async function recordEndedSlot(
  db: Database,
  schedule: ScheduleRow,
  spec: Specification,
  ctx: ExecutionContext,
  { slot, missed, status, reason, nextRunAt, frequencyPeriod }: { slot: Date; missed: number; status: "skipped" | "failed"; reason: string; nextRunAt: Date; frequencyPeriod: string | null },
): Promise<void> {
  const now = ctx.clock();
  const cadence = schedule.cadence_override ?? spec.frequency;
  const window = reportWindow(cadence, slot);
  await withSystem(db, async (tx) => {
    const inserted = await insertRun(tx, {
      workspaceId: schedule.workspace_id,
      specificationId: spec.id,
      specificationName: spec.name,
      trigger: "autopilot",
      autopilotScheduleId: schedule.id,
      scheduledFor: slot,
      missedSlots: missed,
      categories: schedule.categories_override ?? spec.categories.map((c) => c.id),
      regions: schedule.regions_override ?? spec.regions,
      cadence,
      cadenceOverridden: Boolean(schedule.cadence_override),
      periodStart: window.start,
      periodEnd: window.end,
      status,
      error: reason,
      frequencyPeriod,
      startedAt: now,
    });
    await recordScheduleOutcome(tx, {
      id: schedule.id,
      status,
      error: reason,
      at: now,
      nextRunAt,
      maxConsecutiveFailures: ctx.maxConsecutiveFailures,
    });
    await auditExecution(
      tx,
      schedule,
      { slot: slot.toISOString(), status, reason, next_run_at: nextRunAt.toISOString(), run_id: inserted.run?.id ?? null },
      status === "skipped" ? "warning" : "error",
    );
  });
}

/**
 * Runs one claimed schedule for its latest due slot: admission, generation, and the schedule's bookkeeping in
 * the transaction that ends the run. Every path leaves the schedule either moved to a later slot, parked in
 * error, or (a slot another tick owns) released for recovery to settle.
 */
export async function executeSchedule(
  db: Database,
  schedule: ScheduleRow,
  spec: Specification | null,
  ctx: ExecutionContext,
): Promise<ExecutionOutcome> {
  const now = ctx.clock();
  const { slot, missed } = latestDueSlot(schedule, schedule.next_run_at, now);
  const nextRunAt = nextSlotAfter(schedule, now);
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
    specification: spec,
    clock: ctx.clock,
    runTimeoutSeconds: ctx.runTimeoutSeconds,
  };

  const started = await ctx.generator.start(db, request);
  if (started.refusal) {
    const { refusal } = started;
    switch (refusal.kind) {
      case "specification_missing":
      case "specification_inactive":
        return parkInError(db, schedule, slot, refusal, ctx);
      case "period_taken": {
        // The first slot in the next period: skipping slot by slot through a week or month would say nothing new.
        const resumeAt = nextSlotAfter(schedule, new Date(Math.max(now.getTime(), refusal.period.end.getTime() - 1)));
        await recordEndedSlot(db, schedule, spec!, ctx, {
          slot,
          missed,
          status: "skipped",
          reason: `Frequency limit: ${refusal.message}`,
          nextRunAt: resumeAt,
          frequencyPeriod: refusal.period.key,
        });
        return "skipped";
      }
      case "invalid_overrides":
        await recordEndedSlot(db, schedule, spec!, ctx, { slot, missed, status: "failed", reason: refusal.message, nextRunAt, frequencyPeriod: null });
        ctx.log.error({ schedule_id: schedule.id, error: refusal.message }, "schedule run refused");
        return "failed";
      default: {
        // Another tick's run holds this slot (its lease lapsed while it ran, or it ended a moment ago).
        const settled = await withSystem(db, (tx) => settleTakenSlot(tx, { id: schedule.id, slot, nextRunAt }));
        ctx.log.warn({ schedule_id: schedule.id, slot: slot.toISOString(), settled }, "slot already has a run");
        return "duplicate";
      }
    }
  }

  const finished = await ctx.generator.complete(db, started.run, request, async (tx, ended) => {
    const status = ended.status === "success" ? "success" : "failed";
    const { paused } = await recordScheduleOutcome(tx, {
      id: schedule.id,
      status,
      error: ended.error,
      at: ctx.clock(),
      nextRunAt,
      maxConsecutiveFailures: ctx.maxConsecutiveFailures,
      slot,
    });
    await auditExecution(
      tx,
      schedule,
      { slot: slot.toISOString(), status, error: ended.error, duration_ms: ended.duration_ms, run_id: ended.id, missed_slots: missed, paused },
      status === "success" ? "info" : "error",
    );
  });
  if (finished.status !== "success") {
    ctx.log.error({ schedule_id: schedule.id, run_id: finished.id, error: finished.error }, "scheduled run failed");
    return "failed";
  }
  return "success";
}

import { randomUUID } from "node:crypto";
import pLimit from "p-limit";
import { appendAudit } from "@/lib/db/audit-log";
import type { Database } from "@/lib/db/database";
import { finishRun } from "@/lib/db/runs";
import { claimDueSchedules, countDueSchedules, findExpiredLeases, recordScheduleOutcome, releaseLease } from "@/lib/db/schedule-leases";
import { getSchedule } from "@/lib/db/schedules";
import { withSystem } from "@/lib/db/transactions";
import { autopilotSettings } from "./autopilot-settings";
import { nextSlotAfter } from "./due-slot";
import { executeSchedule, realGenerator, type EngineGenerator, type ExecutionOutcome } from "./execute-schedule";

export interface TickSummary {
  tick_id: string;
  claimed: number;
  succeeded: number;
  failed: number;
  skipped: number;
  timed_out: number;
  remaining_due: number;
  duration_ms: number;
}

export interface TickOptions {
  generator?: EngineGenerator;
  /** The clock; tests move it. */
  now?: () => Date;
  settings?: Partial<ReturnType<typeof autopilotSettings>>;
}

export const TIMED_OUT = "Timed out: the run did not finish before its lease expired";

/**
 * Leases that ran out belong to ticks that died or hung. A run they left running is marked failed
 * ("timed out") and its schedule moves to its next slot; a schedule whose run never started is simply
 * released, so this tick claims it again for the same slot.
 */
async function recoverExpiredLeases(db: Database, now: Date, maxConsecutiveFailures: number): Promise<number> {
  return withSystem(db, async (tx) => {
    const expired = await findExpiredLeases(tx, { now });
    let timedOut = 0;
    for (const lease of expired) {
      if (!lease.run_id) {
        await releaseLease(tx, { id: lease.id });
        continue;
      }
      const schedule = await getSchedule(tx, { workspaceId: lease.workspace_id, id: lease.id });
      await finishRun(tx, { id: lease.run_id, status: "failed", error: TIMED_OUT });
      if (schedule) {
        await recordScheduleOutcome(tx, {
          id: lease.id,
          status: "failed",
          error: TIMED_OUT,
          at: now,
          nextRunAt: nextSlotAfter(schedule, now),
          maxConsecutiveFailures,
        });
        await appendAudit(tx, {
          workspaceId: lease.workspace_id,
          actorType: "autopilot",
          action: "schedule.execute",
          entityType: "autopilot_schedule",
          entityId: lease.id,
          level: "error",
          details: { status: "failed", error: TIMED_OUT, run_id: lease.run_id, slot: lease.scheduled_for },
        });
      }
      timedOut++;
    }
    return timedOut;
  });
}

/**
 * One tick: claim due schedules in batches (oldest slot first), run them with bounded concurrency, and claim
 * again until none are due or the time budget is nearly spent; what is left is reported for the next tick.
 */
export async function runTick(db: Database, options: TickOptions = {}): Promise<TickSummary> {
  const settings = { ...autopilotSettings(), ...options.settings };
  const clock = options.now ?? (() => new Date());
  const generator = options.generator ?? realGenerator;
  const tickId = randomUUID();
  const startedAt = Date.now();
  // Stop claiming with a fifth of the budget left, so the last batch can finish inside it.
  const claimDeadline = startedAt + settings.tickBudgetMs * 0.8;
  const counts: Record<ExecutionOutcome, number> = { success: 0, failed: 0, skipped: 0, error: 0, duplicate: 0 };
  const limit = pLimit(settings.concurrency);
  let claimed = 0;

  const timedOut = await recoverExpiredLeases(db, clock(), settings.maxConsecutiveFailures);

  while (Date.now() < claimDeadline) {
    const now = clock();
    const batch = await withSystem(db, (tx) =>
      claimDueSchedules(tx, { now, limit: settings.batchSize, leaseSeconds: settings.leaseSeconds, tickId }),
    );
    if (batch.length === 0) break;
    claimed += batch.length;
    const outcomes = await Promise.all(
      batch.map((schedule) =>
        limit(async (): Promise<ExecutionOutcome> => {
          try {
            return await executeSchedule(db, schedule, { now: clock(), maxConsecutiveFailures: settings.maxConsecutiveFailures, generator });
          } catch (error) {
            // Unexpected (e.g. the database went away): the lease expires and a later tick recovers the schedule.
            console.error(JSON.stringify({ level: "error", msg: "schedule execution crashed", tick_id: tickId, schedule_id: schedule.id, error: String(error) }));
            return "failed";
          }
        }),
      ),
    );
    for (const outcome of outcomes) counts[outcome]++;
  }

  const remainingDue = await withSystem(db, (tx) => countDueSchedules(tx, { now: clock() }));
  const summary: TickSummary = {
    tick_id: tickId,
    claimed,
    succeeded: counts.success,
    failed: counts.failed + counts.error,
    skipped: counts.skipped + counts.duplicate,
    timed_out: timedOut,
    remaining_due: remainingDue,
    duration_ms: Date.now() - startedAt,
  };
  console.log(JSON.stringify({ time: new Date().toISOString(), level: "info", msg: "autopilot tick", ...summary }));
  return summary;
}

import "server-only";
import { randomUUID } from "node:crypto";
import pLimit from "p-limit";
import type { Database } from "@/lib/db/database";
import { claimDueSchedules, countDueSchedules, releaseLease } from "@/lib/db/engine";
import { findSpecificationsByIds } from "@/lib/db/specifications";
import { withSystem } from "@/lib/db/transactions";
import { recoverOverdueRuns } from "@/lib/engine/recover-overdue-runs";
import { log } from "@/lib/log";
import { autopilotSettings } from "@/lib/config";
import { executeSchedule, realGenerator, type EngineGenerator, type ExecutionOutcome } from "./execute-schedule";

export interface TickSummary {
  tick_id: string;
  claimed: number;
  succeeded: number;
  failed: number;
  skipped: number;
  timed_out: number;
  /** Claimed but not started because the tick's time was up: free again for the next tick. */
  deferred: number;
  remaining_due: number;
  duration_ms: number;
}

export type AutopilotSettings = ReturnType<typeof autopilotSettings>;

export interface TickOptions {
  generator?: EngineGenerator;
  /** The clock; tests and simulations move it. */
  now?: () => Date;
  settings?: Partial<AutopilotSettings>;
}

/** Grace after the longest a claimed schedule can live before its lease lapses, for recovery to act first. */
const LEASE_GRACE_SECONDS = 10;

/**
 * How long a claim holds a schedule: it starts its run before the tick's budget ends and the run ends by its
 * deadline, so budget + run timeout covers the longest life a claimed schedule can have. A tick that dies
 * (Vercel ends a function at maxDuration) frees its schedules within that time; nothing needs a heartbeat,
 * because no run outlives its deadline.
 */
export function leaseSecondsFor(settings: Pick<AutopilotSettings, "tickBudgetMs" | "runTimeoutSeconds">): number {
  return settings.tickBudgetMs / 1000 + settings.runTimeoutSeconds + LEASE_GRACE_SECONDS;
}

/**
 * One tick, in phases: recover (fail runs past their deadline and move their schedules on) → claim (due
 * schedules, oldest slot first, FOR UPDATE SKIP LOCKED with a lease) → execute (bounded concurrency) →
 * claim again until none are due or the budget is nearly spent → report what is left for the next tick.
 */
export async function runTick(db: Database, options: TickOptions = {}): Promise<TickSummary> {
  const settings: AutopilotSettings = { ...autopilotSettings(), ...options.settings };
  const clock = options.now ?? (() => new Date());
  const generator = options.generator ?? realGenerator;
  const tickId = randomUUID();
  const tickLog = log.child({ tick_id: tickId });
  const startedAt = clock().getTime();
  // Stop claiming with a fifth of the budget left, so the last batch can finish inside it; a claimed
  // schedule not started by the budget's end is released rather than started late.
  const claimDeadline = startedAt + settings.tickBudgetMs * 0.8;
  const startDeadline = startedAt + settings.tickBudgetMs;
  const counts: Record<ExecutionOutcome | "deferred", number> = { success: 0, failed: 0, skipped: 0, error: 0, duplicate: 0, deferred: 0 };
  const limit = pLimit(settings.concurrency);
  const ctx = { clock, maxConsecutiveFailures: settings.maxConsecutiveFailures, runTimeoutSeconds: settings.runTimeoutSeconds, generator, log: tickLog };
  let claimed = 0;

  // Recover.
  const timedOut = await withSystem(db, (tx) => recoverOverdueRuns(tx, { now: clock(), maxConsecutiveFailures: settings.maxConsecutiveFailures }));

  while (clock().getTime() < claimDeadline) {
    // Claim.
    const batch = await withSystem(db, async (tx) => {
      const schedules = await claimDueSchedules(tx, { now: clock(), limit: settings.batchSize, leaseSeconds: leaseSecondsFor(settings), tickId });
      const specs = schedules.length ? await findSpecificationsByIds(tx, { ids: [...new Set(schedules.map((s) => s.specification_id))] }) : [];
      return schedules.map((schedule) => ({ schedule, spec: specs.find((spec) => spec.id === schedule.specification_id) ?? null }));
    });
    if (batch.length === 0) break;
    claimed += batch.length;
    // Execute.
    const outcomes = await Promise.all(
      batch.map(({ schedule, spec }) =>
        limit(async (): Promise<ExecutionOutcome | "deferred"> => {
          try {
            if (clock().getTime() >= startDeadline) {
              await withSystem(db, (tx) => releaseLease(tx, { id: schedule.id }));
              return "deferred";
            }
            return await executeSchedule(db, schedule, spec, ctx);
          } catch (error) {
            // Unexpected (e.g. the database went away): the lease lapses and recovery settles the slot.
            tickLog.error({ schedule_id: schedule.id, err: error }, "schedule execution crashed");
            return "failed";
          }
        }),
      ),
    );
    for (const outcome of outcomes) counts[outcome]++;
  }

  // Report.
  const remainingDue = await withSystem(db, (tx) => countDueSchedules(tx, { now: clock() }));
  const summary: TickSummary = {
    tick_id: tickId,
    claimed,
    succeeded: counts.success,
    failed: counts.failed + counts.error,
    skipped: counts.skipped + counts.duplicate,
    timed_out: timedOut,
    deferred: counts.deferred,
    remaining_due: remainingDue,
    duration_ms: clock().getTime() - startedAt,
  };
  // A tick that found nothing is routine; one that did something is worth a line.
  tickLog[claimed || timedOut ? "info" : "debug"](summary, "autopilot tick");
  return summary;
}

import "server-only";
import { randomUUID } from "node:crypto";
import type { Database } from "@/lib/db/database";
import { claimDueSchedules, countDueSchedules, releaseLeases } from "@/lib/db/engine";
import { findSpecificationsByIds } from "@/lib/db/specifications";
import { withSystem } from "@/lib/db/transactions";
import { recoverOverdueRuns } from "@/lib/engine/recover-overdue-runs";
import { log } from "@/lib/log";
import { adminEmails, autopilotSettings } from "@/lib/config";
import { enqueueOverdueDigests } from "@/lib/db/overdue-schedules";
import { renderRun } from "@/lib/generator/execute-generator";
import { deliverDue, type DeliverySummary } from "@/lib/delivery/deliver-due";
import { pruneRunHistory } from "@/lib/db/run-retention";
import { renderBatch, type BatchGeneration } from "./batch-reports";
import { createOutcomeFlusher } from "./outcome-flusher";
import { resumePausedSchedules } from "./resume-paused-schedules";
import { startBatch, type EngineContext, type EngineGenerator, type StartedSlot } from "./start-batch";

export interface TickSummary {
  tick_id: string;
  claimed: number;
  succeeded: number;
  failed: number;
  skipped: number;
  timed_out: number;
  /** Claimed but not started because the tick's time was up: free again for the next tick. */
  deferred: number;
  /** The deliver phase: reports sent, retried later, failed for good, given up after a day. */
  deliveries: DeliverySummary;
  /** Paused schedules whose pause ended, active again. */
  resumed: number;
  /** Runs deleted by the schedules' retention. */
  pruned: number;
  remaining_due: number;
  duration_ms: number;
}

/** The real report generator. */
export const realGenerator: EngineGenerator = { render: renderRun };

export type AutopilotSettings = ReturnType<typeof autopilotSettings>;

export interface TickOptions {
  generator?: EngineGenerator;
  /** The clock; tests and simulations move it. */
  now?: () => Date;
  settings?: Partial<AutopilotSettings>;
  /**
   * How long a first attempt generates before its run is written as running (0: written when its slot is
   * claimed). A quicker run is written once, when it ends, with its result.
   */
  recordStartAfterMs?: number;
}

/**
 * A run that generates longer than this is written as running, with its deadline, so a process that dies
 * during it leaves a row for recovery to fail "timed out" and retry. One that dies sooner leaves its slot
 * leased, and the slot is claimed again when the lease lapses. Most reports take less: written once.
 */
const RECORD_START_AFTER_MS = 1000;

/** Retention's share of a tick: small enough to stay out of the way of reports. */
const PRUNED_SCHEDULES_PER_TICK = 200;
const PRUNED_RUNS_PER_TICK = 1000;

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
 * One tick, in phases: recover (fail runs past their deadline and move their schedules on, or retry them) →
 * resume (schedules whose pause has ended) → watch (queue the operators' daily digest of schedules overdue by
 * a day) → claim (due schedules, oldest slot first, FOR UPDATE SKIP LOCKED with a lease, with their
 * specifications) → start (the claimed batch admitted set-based; retries restarted in place) → execute (each
 * report generated on its own, at most AUTOPILOT_CONCURRENCY at once; a run still generating after a second
 * is written as running) → record (runs written or ended, group-committed, with their deliveries queued) →
 * deliver (due deliveries claimed and sent) → prune (history past retention) → report what is left.
 *
 * The pipe stays full: the tick claims again as soon as a quarter of its generation slots are free, not when
 * a whole batch is done (nor waits for the last ends to be written), and stops claiming with a fifth of its
 * budget left; a claimed schedule not started by the budget's end is released for the next tick.
 */
export async function runTick(db: Database, options: TickOptions = {}): Promise<TickSummary> {
  const settings: AutopilotSettings = { ...autopilotSettings(), ...options.settings };
  const clock = options.now ?? (() => new Date());
  const generator = options.generator ?? realGenerator;
  const tickId = randomUUID();
  const tickLog = log.child({ tick_id: tickId });
  const startedAt = clock().getTime();
  const claimDeadline = startedAt + settings.tickBudgetMs * 0.8;
  const startDeadline = startedAt + settings.tickBudgetMs;
  const recordStartAfterMs = options.recordStartAfterMs ?? RECORD_START_AFTER_MS;
  const ctx: EngineContext = { clock, runTimeoutSeconds: settings.runTimeoutSeconds, generator, log: tickLog, recordStartsAtClaim: recordStartAfterMs === 0 };
  const flusher = createOutcomeFlusher(db, ctx);
  const counts = { claimed: 0, success: 0, failed: 0, skipped: 0, deferred: 0 };
  // A slot is generating until its report is made, then pending until its end is recorded. Only generation
  // takes a concurrency slot, so the next claim runs while the last group's ends are being written; the
  // pending ones are bounded too, so a slow database holds back claiming instead of piling up results.
  const generating = new Set<Promise<void>>();
  const pending = new Set<Promise<void>>();
  const maxPending = settings.concurrency * 2;
  const refillAt = Math.max(1, Math.floor(settings.concurrency / 4));

  // Recover.
  const timedOut = await withSystem(db, (tx) => recoverOverdueRuns(tx, { now: clock() }));
  // Resume schedules paused until an instant that has passed, and watch for schedules overdue by more than a
  // day (the cron stopped, or something is stuck): they earn the operators one digest a day. Checked before
  // claiming, so a tick that resumes after an outage reports it. One transaction for both keeps an idle
  // tick as cheap as before.
  const resumed = await withSystem(db, async (tx) => {
    const count = await resumePausedSchedules(tx, { now: clock() });
    await enqueueOverdueDigests(tx, { now: clock(), recipients: [...adminEmails()] });
    return count;
  });

  const track = (set: Set<Promise<void>>, promise: Promise<void>) => {
    set.add(promise);
    void promise.finally(() => set.delete(promise));
  };
  const execute = (started: StartedSlot) => {
    const making: Promise<BatchGeneration> = started.batch
      ? renderBatch(db, { ...started, batch: started.batch }, ctx)
      : generator.render(db, started.run, started.request).then((outcome) => ({ outcome }));
    const generation = making.then(({ outcome }) => outcome);
    if (started.unwritten) {
      const startTimer = setTimeout(() => flusher.recordStart(started), recordStartAfterMs);
      startTimer.unref();
      void generation.finally(() => clearTimeout(startTimer)).catch(() => undefined);
    }
    track(generating, generation.then(() => undefined, () => undefined));
    track(
      pending,
      (async () => {
        try {
          const { outcome, batch } = await making;
          counts[await flusher.record({ started, outcome, batch })]++;
        } catch (error) {
          // Unexpected (e.g. the database went away): the run's deadline passes and recovery settles the slot.
          tickLog.error({ schedule_id: started.schedule.id, run_id: started.run.id, err: error }, "schedule execution crashed");
          counts.failed++;
        }
      })(),
    );
  };
  const someoneFinishes = () => Promise.race([...generating, ...pending]);

  while (clock().getTime() < claimDeadline) {
    const free = settings.concurrency - generating.size;
    if ((free < refillAt || pending.size >= maxPending) && pending.size > 0) {
      await someoneFinishes();
      continue;
    }
    // Claim and start, in one transaction: a process that dies in between leaves nothing claimed. A database
    // crash that loses this commit loses nothing else: the runs it started end in a later, durable commit,
    // and until then the schedules are simply due again.
    const batch = await withSystem(db, async (tx) => {
      const schedules = await claimDueSchedules(tx, { now: clock(), limit: Math.min(free, settings.batchSize), leaseSeconds: leaseSecondsFor(settings), tickId });
      if (schedules.length === 0) return null;
      counts.claimed += schedules.length;
      if (clock().getTime() >= startDeadline) {
        await releaseLeases(tx, { ids: schedules.map((s) => s.id) });
        counts.deferred += schedules.length;
        return "deferred" as const;
      }
      const specs = await findSpecificationsByIds(tx, { ids: [...new Set(schedules.flatMap((s) => [s.specification_id, ...s.batch_specification_ids]))] });
      const byId = new Map(specs.map((spec) => [spec.id, spec]));
      const claimed = schedules.map((schedule) => ({
        schedule,
        spec: byId.get(schedule.specification_id) ?? null,
        // A batch's further specifications: only the schedule's own workspace's (a deleted one is left out).
        batchSpecs: schedule.batch_specification_ids.flatMap((id) => {
          const spec = byId.get(id);
          return spec && spec.workspace_id === schedule.workspace_id ? [spec] : [];
        }),
      }));
      return startBatch(tx, claimed, ctx);
    }, { redoneIfLost: true });
    if (batch === "deferred") break;
    if (batch === null) {
      if (pending.size === 0) break;
      await someoneFinishes();
      continue;
    }
    // Execute and record.
    counts.skipped += batch.skipped + batch.duplicates;
    counts.failed += batch.failed + batch.parked;
    for (const started of batch.started) execute(started);
  }
  await Promise.all(pending);

  // Deliver: what this tick's runs queued, and retries that have come due.
  const deliveries = await deliverDue(db, { clock, deadline: startedAt + settings.tickBudgetMs, log: tickLog });

  // Prune history past its schedule's retention, and report. Retention is a chore, not a deadline: it runs on
  // ticks whose minute is a multiple of five (each of Vercel's 5-minute cron calls, one in five local ticks),
  // a little each time, while the budget lasts.
  const pruning = clock().getUTCMinutes() % 5 === 0 && clock().getTime() < startedAt + settings.tickBudgetMs;
  const { pruned, remainingDue } = await withSystem(db, async (tx) => ({
    pruned: pruning ? await pruneRunHistory(tx, { now: clock(), schedules: PRUNED_SCHEDULES_PER_TICK, limit: PRUNED_RUNS_PER_TICK }) : 0,
    remainingDue: await countDueSchedules(tx, { now: clock() }),
  }));
  const summary: TickSummary = {
    tick_id: tickId,
    claimed: counts.claimed,
    succeeded: counts.success,
    failed: counts.failed,
    skipped: counts.skipped,
    timed_out: timedOut,
    deferred: counts.deferred,
    deliveries,
    resumed,
    pruned,
    remaining_due: remainingDue,
    duration_ms: clock().getTime() - startedAt,
  };
  // A tick that found nothing is routine; one that did something is worth a line.
  tickLog[counts.claimed || timedOut ? "info" : "debug"](summary, "autopilot tick");
  return summary;
}

import "server-only";
import { appendAudits } from "@/lib/db/audit-log";
import type { Database, Queryable } from "@/lib/db/database";
import { enqueueScheduledDeliveries } from "@/lib/db/deliveries";
import { settleTakenSlot } from "@/lib/db/engine";
import { insertRuns, type Run } from "@/lib/db/runs";
import { withSystem } from "@/lib/db/transactions";
import { recordRunOutcomes, type RunOutcome } from "@/lib/generator/execute-generator";
import { TIMED_OUT } from "./recover-overdue-runs";
import { batchSlotEnd, type BatchReportEnd } from "./batch-reports";
import { endSlots } from "./slot-endings";
import type { EngineContext, StartedSlot } from "./start-batch";

export interface FinishedSlot {
  started: StartedSlot;
  outcome: RunOutcome;
  /** A batch slot's further reports, already written. */
  batch?: BatchReportEnd[];
}

/** How an attempt ended, as the tick counts it: a run recovery had already timed out counts as failed. */
export type SlotEnd = "success" | "failed" | "skipped";

/** Why a run generated before its row was written is recorded as skipped: another run holds its slot or period. */
export const TAKEN_MEANWHILE = "Skipped: another run made this slot's or period's report while this one was being generated";

const MAX_GROUP = 500;
/**
 * Groups written at once, each in its own transaction: their schedules are disjoint, and a run's end and its
 * start may be written in either order (an end waits for a start being written, then updates its row).
 */
const FLUSHES_IN_FLIGHT = 2;

type Item =
  | { kind: "end"; slot: FinishedSlot; done: (end: SlotEnd) => void; fail: (error: unknown) => void }
  | { kind: "start"; started: StartedSlot };

/**
 * Group commit for runs. Each finished slot waits for the next flush; a flush records a whole group in one
 * transaction of a few set-based statements (the runs' results and reports, their deliveries, the schedules'
 * counters and next slots, the audit), so many runs ending together cost one commit. A run whose start was
 * not written (see run-tick) is written once here, with its result; a long one's start is written through
 * the same queue (`recordStart`). Items that arrive in the same turn of the event loop, or while both flush
 * slots are busy, form the next group. If a group fails, its items are written one by one, so one bad row
 * never loses the others.
 */
export function createOutcomeFlusher(
  db: Database,
  ctx: EngineContext,
): { record: (slot: FinishedSlot) => Promise<SlotEnd>; recordStart: (started: StartedSlot) => void } {
  const queue: Item[] = [];
  let inFlight = 0;
  let scheduled = false;

  /** Starts written now: runs still generating whose row is not written (an end in the same group writes it). */
  async function writeStarts(tx: Queryable, starts: StartedSlot[]): Promise<Set<string>> {
    const written = await insertRuns(tx, starts.map((s) => s.unwritten!));
    return new Set(written.map((run) => run.id));
  }

  async function writeEnds(tx: Queryable, group: FinishedSlot[]): Promise<SlotEnd[]> {
    const unwritten = new Map(group.filter((g) => g.started.unwritten).map((g) => [g.outcome.id, g.started.unwritten!]));
    // A run past its deadline that recovery could not see (it had no row) ends as recovery would have ended it.
    const outcomes = group.map(({ started, outcome }) =>
      started.unwritten && started.run.deadline_at && outcome.finishedAt > started.run.deadline_at
        ? { ...outcome, status: "failed" as const, error: TIMED_OUT, report: null, itemKeys: null, finishedAt: started.run.deadline_at }
        : outcome,
    );
    const ended: Run[] = await recordRunOutcomes(tx, outcomes, unwritten);
    const endedIds = new Set(ended.map((run) => run.id));
    // Refused by a unique rule: a run written meanwhile holds the slot (a tick whose lease lapsed) or the
    // period (someone's Generate). This run's report is dropped and the slot says why, once.
    const refused = group.filter((g) => unwritten.has(g.outcome.id) && !endedIds.has(g.outcome.id));
    const settled = new Set<string>();
    if (refused.length) {
      const skipped = await insertRuns(
        tx,
        refused.map((g) => ({ ...unwritten.get(g.outcome.id)!, status: "skipped" as const, error: TAKEN_MEANWHILE, frequencyPeriod: null, finishedAt: g.outcome.finishedAt })),
      );
      ended.push(...skipped);
      for (const run of skipped) endedIds.add(run.id);
      for (const { started, outcome } of refused.filter((g) => !endedIds.has(g.outcome.id))) {
        const how = await settleTakenSlot(tx, { id: started.schedule.id, slot: started.slot, nextRunAt: started.nextRunAt });
        ctx.log.warn({ schedule_id: started.schedule.id, slot: started.slot.toISOString(), settled: how }, "slot already has a run");
        settled.add(outcome.id);
      }
    }
    const endedById = new Map(ended.map((run) => [run.id, run]));
    const at = ctx.clock();
    const recorded = group.flatMap((g) => {
      const run = endedById.get(g.outcome.id);
      // A batch slot ends as its reports together do (see batchSlotEnd); any other slot as its run.
      return run ? [{ ...g, run, end: batchSlotEnd(run, g.outcome.permanent, g.batch) }] : [];
    });
    const { recorded: slotOutcomes, retrying } = await endSlots(
      tx,
      recorded.map(({ started, run, end }) => ({
        schedule: started.schedule,
        runId: run.id,
        slot: started.slot,
        attempt: started.run.attempt,
        status: end.status,
        error: end.error,
        permanent: end.permanent,
        nextRunAt: started.nextRunAt,
      })),
      at,
    );
    // Delivered once a slot is over with a report: a success, or a batch that failed for good with some of its
    // reports made (the message says which failed). Only schedules that had destinations when claimed are
    // looked up: most have none, and then this costs nothing.
    const reportMade = ({ run, end, batch }: (typeof recorded)[number]) =>
      end.status === "success" || (end.status === "failed" && (run.status === "success" || Boolean(batch?.some((report) => report.status === "success"))));
    await enqueueScheduledDeliveries(
      tx,
      recorded
        .filter((r) => r.started.schedule.has_destinations && r.run.autopilot_schedule_id && reportMade(r) && !retrying.has(r.started.schedule.id))
        .map(({ run }) => ({ runId: run.id, scheduleId: run.autopilot_schedule_id! })),
      at,
    );
    const paused = new Set(slotOutcomes.filter((o) => o.paused).map((o) => o.id));
    await appendAudits(
      tx,
      recorded.map(({ started, run, end, batch }) => ({
        workspaceId: started.schedule.workspace_id,
        actorType: "autopilot" as const,
        action: "schedule.execute",
        entityType: "autopilot_schedule",
        entityId: started.schedule.id,
        level: end.status === "success" ? ("info" as const) : end.status === "skipped" ? ("warning" as const) : ("error" as const),
        details: {
          schedule_name: started.schedule.schedule_name,
          slot: started.slot.toISOString(),
          status: end.status,
          error: end.error,
          duration_ms: run.duration_ms,
          ...(batch ? { reports: [{ specification: run.specification_name, status: run.status }, ...batch.map((b) => ({ specification: b.specificationName, status: b.status }))] } : {}),
          run_id: run.id,
          attempt: started.run.attempt,
          retry_at: retrying.get(started.schedule.id)?.toISOString() ?? null,
          missed_slots: started.missed,
          paused: paused.has(started.schedule.id),
        },
      })),
    );
    const endOf = new Map(recorded.map((r) => [r.outcome.id, r.end.status]));
    return group.map((g) => endOf.get(g.outcome.id) ?? (settled.has(g.outcome.id) ? "skipped" : "failed"));
  }

  async function flush(items: Item[]): Promise<SlotEnd[]> {
    const ends = items.flatMap((item) => (item.kind === "end" ? [item.slot] : []));
    const ending = new Set(ends.map((end) => end.started));
    const starts = items.flatMap((item) => (item.kind === "start" && item.started.unwritten && !ending.has(item.started) ? [item.started] : []));
    const { written, results } = await withSystem(db, async (tx) => ({
      written: await writeStarts(tx, starts),
      results: await writeEnds(tx, ends),
    }));
    // Committed: these runs have their rows now, so their ends update them.
    for (const started of starts) if (written.has(started.run.id)) started.unwritten = undefined;
    return results;
  }

  async function flushGroup(group: Item[]): Promise<void> {
    const settle = (item: Item, end: SlotEnd | undefined) => item.kind === "end" && item.done(end!);
    try {
      const ends = await flush(group);
      let index = 0;
      for (const item of group) if (item.kind === "end") settle(item, ends[index++]);
    } catch (groupError) {
      ctx.log.warn({ err: groupError, size: group.length }, "group flush failed; writing its items one by one");
      for (const item of group) {
        try {
          settle(item, (await flush([item]))[0]);
        } catch (error) {
          // An end not written: a written run stays running and recovery fails it at its deadline; an
          // unwritten one's slot is claimed again when its lease lapses. A start not written is written
          // with its end.
          if (item.kind === "end") item.fail(error);
          else ctx.log.warn({ err: error, run_id: item.started.run.id }, "writing a run's start failed");
        }
      }
    }
  }

  /** Starts groups while fewer than FLUSHES_IN_FLIGHT are being written: one commits while the next is prepared. */
  function pump(): void {
    scheduled = false;
    while (inFlight < FLUSHES_IN_FLIGHT && queue.length) {
      inFlight++;
      void flushGroup(queue.splice(0, MAX_GROUP)).finally(() => {
        inFlight--;
        pump();
      });
    }
  }

  function enqueue(item: Item) {
    queue.push(item);
    // Pump on the next turn of the event loop, so items that arrive together form one group.
    if (!scheduled) {
      scheduled = true;
      setImmediate(pump);
    }
  }

  return {
    record(slot) {
      return new Promise<SlotEnd>((done, fail) => enqueue({ kind: "end", slot, done, fail }));
    },
    recordStart(started) {
      if (started.unwritten) enqueue({ kind: "start", started });
    },
  };
}

import "server-only";
import { appendAudits } from "@/lib/db/audit-log";
import type { Database } from "@/lib/db/database";
import { enqueueScheduledDeliveries } from "@/lib/db/deliveries";
import { withSystem } from "@/lib/db/transactions";
import { recordRunOutcomes, type RunOutcome } from "@/lib/generator/execute-generator";
import { endSlots } from "./slot-endings";
import type { EngineContext, StartedSlot } from "./start-batch";

export interface FinishedSlot {
  started: StartedSlot;
  outcome: RunOutcome;
}

/** How an attempt ended, as the tick counts it: a run recovery had already timed out counts as failed. */
export type SlotEnd = "success" | "failed" | "skipped";

const MAX_GROUP = 500;

/**
 * Group commit for ends of runs. Each finished slot waits for the next flush; a flush records a whole group
 * in one transaction of a few set-based statements (the runs' results and reports, their deliveries, the
 * schedules' counters and next slots, the audit), so many runs ending together cost one commit. Ends that arrive in the same turn of
 * the event loop, or while a flush is being written, form the next group. If a group fails, its slots are
 * written one by one, so one bad row never loses the others.
 */
export function createOutcomeFlusher(db: Database, ctx: EngineContext): { record: (slot: FinishedSlot) => Promise<SlotEnd> } {
  const queue: { slot: FinishedSlot; done: (end: SlotEnd) => void; fail: (error: unknown) => void }[] = [];
  let draining = false;

  async function flush(group: FinishedSlot[]): Promise<SlotEnd[]> {
    return withSystem(db, async (tx) => {
      const ended = await recordRunOutcomes(tx, group.map((g) => g.outcome));
      const endedIds = new Set(ended.map((run) => run.id));
      const at = ctx.clock();
      // Only schedules that had destinations when claimed are looked up: most have none, and then this costs nothing.
      const delivering = new Set(group.filter((g) => g.started.schedule.has_destinations).map((g) => g.outcome.id));
      await enqueueScheduledDeliveries(
        tx,
        ended.filter((run) => run.status === "success" && run.autopilot_schedule_id && delivering.has(run.id)).map((run) => ({ runId: run.id, scheduleId: run.autopilot_schedule_id! })),
        at,
      );
      const recorded = group.filter((g) => endedIds.has(g.outcome.id));
      const { recorded: outcomes, retrying } = await endSlots(
        tx,
        recorded.map(({ started, outcome }) => ({
          schedule: started.schedule,
          runId: outcome.id,
          slot: started.slot,
          attempt: started.run.attempt,
          status: outcome.status,
          error: outcome.error,
          permanent: outcome.permanent,
          nextRunAt: started.nextRunAt,
        })),
        at,
      );
      const paused = new Set(outcomes.filter((o) => o.paused).map((o) => o.id));
      const durations = new Map(ended.map((run) => [run.id, run.duration_ms]));
      await appendAudits(
        tx,
        recorded.map(({ started, outcome }) => ({
          workspaceId: started.schedule.workspace_id,
          actorType: "autopilot" as const,
          action: "schedule.execute",
          entityType: "autopilot_schedule",
          entityId: started.schedule.id,
          level: outcome.status === "success" ? ("info" as const) : outcome.status === "skipped" ? ("warning" as const) : ("error" as const),
          details: {
            schedule_name: started.schedule.schedule_name,
            slot: started.slot.toISOString(),
            status: outcome.status,
            error: outcome.error,
            duration_ms: durations.get(outcome.id) ?? null,
            run_id: outcome.id,
            attempt: started.run.attempt,
            retry_at: retrying.get(started.schedule.id)?.toISOString() ?? null,
            missed_slots: started.missed,
            paused: paused.has(started.schedule.id),
          },
        })),
      );
      return group.map((g) => (endedIds.has(g.outcome.id) ? g.outcome.status : "failed"));
    });
  }

  async function drain(): Promise<void> {
    draining = true;
    while (queue.length) {
      const group = queue.splice(0, MAX_GROUP);
      try {
        const ends = await flush(group.map((g) => g.slot));
        group.forEach((g, index) => g.done(ends[index]));
      } catch (groupError) {
        ctx.log.warn({ err: groupError, size: group.length }, "group flush failed; writing its slots one by one");
        for (const g of group) {
          try {
            g.done((await flush([g.slot]))[0]);
          } catch (error) {
            // The run stays running; recovery fails it at its deadline and moves the schedule on.
            g.fail(error);
          }
        }
      }
    }
    draining = false;
  }

  return {
    record(slot) {
      return new Promise<SlotEnd>((done, fail) => {
        queue.push({ slot, done, fail });
        // Start draining on the next turn of the event loop, so ends that arrive together form one group.
        if (!draining) {
          draining = true;
          setImmediate(() => void drain());
        }
      });
    },
  };
}

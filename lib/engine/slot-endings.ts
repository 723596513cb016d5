import "server-only";
import type { Queryable } from "@/lib/db/database";
import { recordRetries, recordScheduleOutcomes, type PlannedRetry, type RecordedOutcome, type ScheduleOutcome } from "@/lib/db/engine";
import { enqueueOwnerAlerts } from "@/lib/db/owner-alerts";
import type { ScheduleRow } from "@/lib/db/schedules";
import type { Schedule } from "@/lib/schedule/schedule-config";
import type { SlotResult } from "@/lib/autopilot/schedule-status";
import { planRetry } from "@/lib/schedule/schedule-policy";
import { ownerAlertsOf } from "./owner-alerts";

/** How one attempt at a scheduled slot ended. */
export interface SlotEnding {
  schedule: Schedule & Pick<ScheduleRow, "id" | "max_retries">;
  runId: string | null;
  slot: Date;
  attempt: number;
  status: SlotResult;
  error: string | null;
  /** Trying again cannot help (the specification is gone, the overrides are invalid). */
  permanent?: boolean;
  /** The schedule's next slot, or null when none is left before its end date. */
  nextRunAt: Date | null;
}

export interface EndedSlots {
  recorded: RecordedOutcome[];
  /** Schedule id → when its failed slot is tried again. */
  retrying: Map<string, Date>;
}

/**
 * Records how attempts ended, in the caller's transaction. A failed attempt with retries left whose retry
 * comes before the schedule's next slot waits for it (the slot is not over: no counters, no owner alert);
 * every other end is the slot's end: counters, streak, next slot, and the owners' alert when a streak starts
 * or pauses the schedule.
 */
export async function endSlots(tx: Queryable, endings: SlotEnding[], at: Date, random: () => number = Math.random): Promise<EndedSlots> {
  const retries: PlannedRetry[] = [];
  const finals: ScheduleOutcome[] = [];
  for (const ending of endings) {
    if (ending.status === "failed" && !ending.permanent && ending.runId) {
      const plan = planRetry(ending.schedule, { slot: ending.slot, attempt: ending.attempt, failedAt: at, random });
      if (plan.retryAt) {
        retries.push({ scheduleId: ending.schedule.id, runId: ending.runId, slot: ending.slot, retryAt: plan.retryAt, error: ending.error ?? "Failed", at });
        continue;
      }
    }
    finals.push({ id: ending.schedule.id, status: ending.status, error: ending.error, at, nextRunAt: ending.nextRunAt, slot: ending.slot });
  }
  const retried = new Set(await recordRetries(tx, retries));
  const recorded = await recordScheduleOutcomes(tx, finals);
  const bySchedule = new Map(endings.map((ending) => [ending.schedule.id, ending]));
  await enqueueOwnerAlerts(tx, ownerAlertsOf(recorded, (id) => ({ runId: bySchedule.get(id)?.runId ?? null, error: bySchedule.get(id)?.error ?? null }), at));
  return { recorded, retrying: new Map(retries.filter((r) => retried.has(r.scheduleId)).map((r) => [r.scheduleId, r.retryAt])) };
}

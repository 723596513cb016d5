import "server-only";
import { appendAudit } from "@/lib/db/audit-log";
import type { Queryable } from "@/lib/db/database";
import { expireOverdueRuns } from "@/lib/db/engine";
import { getSchedule } from "@/lib/db/schedules";
import type { Database } from "@/lib/db/database";
import { withSystem } from "@/lib/db/transactions";
import { nextSlotAfter } from "@/lib/schedule/due-slot";
import { endSlots } from "./slot-endings";

export const TIMED_OUT = "Timed out: the run did not finish before its deadline";

/**
 * Every run has a deadline; a run still unfinished past it belongs to a process that died or hung, whatever
 * started it (a tick, Generate, Test run). It is failed "timed out", which frees its frequency period and,
 * for a test run, the schedule's Test run button. A scheduled run's schedule records the failure and moves
 * to its next slot after `now` (or waits for a retry of the slot), unless it has already moved on. Runs in the
 * caller's transaction.
 */
export async function recoverOverdueRuns(
  tx: Queryable,
  {
    now,
    workspaceId,
    specificationId,
  }: { now: Date; workspaceId?: string; specificationId?: string },
): Promise<number> {
  const expired = await expireOverdueRuns(tx, { now, error: TIMED_OUT, workspaceId, specificationId });
  for (const run of expired) {
    const details: Record<string, unknown> = { status: "failed", error: TIMED_OUT, run_id: run.id, trigger: run.trigger, slot: run.scheduled_for };
    if (run.trigger === "autopilot" && run.autopilot_schedule_id) {
      const schedule = await getSchedule(tx, { workspaceId: run.workspace_id, id: run.autopilot_schedule_id });
      if (schedule) {
        const { retrying } = await endSlots(
          tx,
          [{ schedule, runId: run.id, slot: run.scheduled_for!, attempt: run.attempt, status: "failed", error: TIMED_OUT, nextRunAt: nextSlotAfter(schedule, now) }],
          now,
        );
        if (retrying.has(schedule.id)) Object.assign(details, { retry_at: retrying.get(schedule.id)!.toISOString() });
      }
    }
    await appendAudit(tx, {
      workspaceId: run.workspace_id,
      actorType: "autopilot",
      action: run.trigger === "autopilot" ? "schedule.execute" : "run.timeout",
      entityType: run.autopilot_schedule_id ? "autopilot_schedule" : "newsletter_run",
      entityId: run.autopilot_schedule_id ?? run.id,
      level: "error",
      details,
    });
  }
  return expired.length;
}

/**
 * Before a person starts a run (Generate, Test run): a run of that specification left behind by a dead
 * process is settled first, so it never blocks the frequency period or the Test run button.
 */
export function recoverOverdueRunsOf(db: Database, { workspaceId, specificationId }: { workspaceId: string; specificationId: string }): Promise<number> {
  return withSystem(db, (tx) =>
    recoverOverdueRuns(tx, { now: new Date(), workspaceId, specificationId }),
  );
}

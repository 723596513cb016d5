import "server-only";
import type { RecordedOutcome } from "@/lib/db/engine";
import type { OwnerAlert } from "@/lib/db/owner-alerts";

/**
 * The owner alerts that recorded outcomes call for: one when a schedule starts failing (the first failure of
 * a streak) and one when a streak pauses it; the failures in between say nothing new.
 */
export function ownerAlertsOf(recorded: RecordedOutcome[], runOf: (scheduleId: string) => { runId: string | null; error: string | null }, at: Date): OwnerAlert[] {
  return recorded.flatMap((outcome) => (outcome.ownerAlert ? [{ scheduleId: outcome.id, event: outcome.ownerAlert, ...runOf(outcome.id), at }] : []));
}

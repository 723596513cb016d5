/**
 * What a person is told a schedule is doing: one state, derived from its status, its switch, its
 * specification and its deliveries, so the badge, the explanation, the filter and the API never disagree.
 * The order is the precedence: an ended schedule is Ended even if it was also switched off.
 */
export const SCHEDULE_STATES = ["active", "delivery_failing", "paused", "off", "error", "ended"] as const;
export type ScheduleState = (typeof SCHEDULE_STATES)[number];

export const SCHEDULE_STATE_LABELS: Record<ScheduleState, string> = {
  active: "Active",
  delivery_failing: "Delivery failing",
  paused: "Paused",
  off: "Off",
  error: "Error",
  ended: "Ended",
};

/** A latest delivery that failed for good, gave up, or is waiting to be tried again after a failure. */
export function isFailingDelivery(delivery: { status: string; last_error: string | null }): boolean {
  return delivery.status === "failed" || delivery.status === "gave_up" || (delivery.status === "pending" && delivery.last_error !== null);
}

/**
 * A schedule's stored status, the list the schema and the engine follow. What people are told (badges,
 * filters, explanations) is the derived state in schedule-state.ts.
 */
export const SCHEDULE_STATUSES = ["active", "paused", "cancelled", "error", "completed"] as const;
export type ScheduleStatus = (typeof SCHEDULE_STATUSES)[number];

/** How a schedule's last slot ended (a run in progress is not a result yet). */
export const SLOT_RESULTS = ["success", "failed", "skipped"] as const;
export type SlotResult = (typeof SLOT_RESULTS)[number];

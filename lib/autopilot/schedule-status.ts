/** A schedule's states, the one list the schema, the API, the filters and the badges follow. */
export const SCHEDULE_STATUSES = ["active", "paused", "cancelled", "error", "completed"] as const;
export type ScheduleStatus = (typeof SCHEDULE_STATUSES)[number];

export const SCHEDULE_STATUS_LABELS: Record<ScheduleStatus, string> = {
  active: "Active",
  paused: "Paused",
  cancelled: "Cancelled",
  error: "Error",
  completed: "Ended",
};

/** How a schedule's last slot ended (a run in progress is not a result yet). */
export const SLOT_RESULTS = ["success", "failed", "skipped"] as const;
export type SlotResult = (typeof SLOT_RESULTS)[number];

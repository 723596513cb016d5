/** Every state a run can be in, the one list the schema, the API, the filters and the badges follow. */
export const RUN_STATUSES = ["running", "success", "failed", "skipped"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const RUN_STATUS_LABELS: Record<RunStatus, string> = {
  running: "Running",
  success: "Success",
  failed: "Failed",
  skipped: "Skipped",
};

/** What started a run: Generate, a schedule's slot, or a schedule's Test run button. */
export const RUN_TRIGGERS = ["manual", "autopilot", "test"] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

export const RUN_TRIGGER_LABELS: Record<RunTrigger, string> = {
  manual: "Generate",
  autopilot: "Schedule",
  test: "Test run",
};

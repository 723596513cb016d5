/** Why a scheduled run was skipped, in the groups analytics counts. */
export const SKIP_REASONS = ["period_taken", "upstream", "missed", "empty", "no_new_content", "other"] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export const SKIP_REASON_LABELS: Record<SkipReason, string> = {
  period_taken: "Another run made the period's report",
  upstream: "The schedule it runs after did not succeed",
  missed: "Missed (older than the catch-up window)",
  empty: "Nothing to report",
  no_new_content: "No new content",
  other: "Other",
};

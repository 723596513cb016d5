import { formatLocal } from "./zoned-time";
import type { SchedulePolicy } from "./schedule-policy";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** "1 hour", "90 minutes", "7 days". */
export function describeMinutes(minutes: number): string {
  if (minutes % 1440 === 0) return plural(minutes / 1440, "day");
  if (minutes % 60 === 0) return plural(minutes / 60, "hour");
  return plural(minutes, "minute");
}

/**
 * A schedule's policies in words, one line each, for its page: what happens on failure, with nothing new,
 * after an outage, when a run hangs, how much history is kept, when it pauses and the dates it runs between.
 */
export function describePolicy(
  schedule: SchedulePolicy & { starts_at: Date | string | null; ends_at: Date | string | null; timezone: string },
  deploymentTimeoutSeconds: number,
): { label: string; text: string }[] {
  const zone = schedule.timezone;
  const when = (instant: Date | string) => `${formatLocal(zone, new Date(instant).getTime())} ${zone}`;
  const timeout = schedule.timeout_seconds ? Math.min(schedule.timeout_seconds, deploymentTimeoutSeconds) : deploymentTimeoutSeconds;
  return [
    {
      label: "Retries",
      text: schedule.max_retries
        ? `A failed run is tried again up to ${plural(schedule.max_retries, "time")} (after about 5, 10, 20 … minutes), never past the next slot.`
        : "A failed run is not tried again; the next slot runs as usual.",
    },
    {
      label: "Content",
      text: [
        schedule.only_when_new ? "Skips the report when nothing is new since the last one." : "Makes a report at every slot, new content or not.",
        schedule.skip_when_empty ? "Skips an empty report." : "",
      ].filter(Boolean).join(" "),
    },
    {
      label: "Catch-up",
      text: schedule.catch_up_minutes
        ? `After an outage, a slot missed by more than ${describeMinutes(schedule.catch_up_minutes)} is skipped.`
        : "After an outage, the latest missed slot runs if it is less than one interval old (at most 7 days).",
    },
    { label: "Timeout", text: `A run taking longer than ${plural(timeout, "second")} fails “timed out”.` },
    {
      label: "History",
      text: `Keeps ${schedule.retention_runs ? `the newest ${plural(schedule.retention_runs, "run")} of the last ` : "the last "}${plural(schedule.retention_days, "day")}, and always the latest successful report and any report whose period is not over.`,
    },
    {
      label: "Failures",
      text: schedule.pause_after_failures
        ? `Pauses itself after ${plural(schedule.pause_after_failures, "failed run")} in a row.`
        : "Never pauses itself: a failed run does not block the next slot.",
    },
    ...(schedule.starts_at || schedule.ends_at
      ? [{ label: "Dates", text: `${[schedule.starts_at ? `From ${when(schedule.starts_at)}` : "", schedule.ends_at ? `${schedule.starts_at ? "until" : "Until"} ${when(schedule.ends_at)}` : ""].filter(Boolean).join(" ")}.` }]
      : []),
  ];
}

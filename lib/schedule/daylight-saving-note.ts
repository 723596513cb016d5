import type { Schedule } from "./schedule-config";
import { toLocal } from "./zoned-time";

const HOUR = 3_600_000;
const hhmm = (hour: number, minute: number) => `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;

/**
 * Why a run of a daily, weekly or monthly schedule is not at its usual wall time, or happens at an ambiguous
 * one, on a day the clocks change: "02:30 does not exist that day (clocks go forward): runs at 03:30", or
 * "01:30 happens twice that day (clocks go back): runs once, at the first". Null on ordinary days.
 */
export function daylightSavingNote(schedule: Schedule, run: Date): string | null {
  if (schedule.schedule_type === "custom") return null;
  const zone = schedule.schedule_config.timezone;
  const wanted = schedule.schedule_config.time;
  const local = toLocal(zone, run.getTime());
  const actual = hhmm(local.hour, local.minute);
  if (actual !== wanted) return `${wanted} does not exist that day (clocks go forward): runs at ${actual}`;
  const anHourLater = toLocal(zone, run.getTime() + HOUR);
  if (hhmm(anHourLater.hour, anHourLater.minute) === wanted) return `${wanted} happens twice that day (clocks go back): runs once, at the first`;
  return null;
}

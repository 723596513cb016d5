import type { Cadence } from "@/lib/db/runs";

const DAY = 86_400_000;

/** One calendar month earlier, same time of day (the 31st falls back to the month's last day). */
export function oneMonthBefore(end: Date): Date {
  const year = end.getUTCFullYear();
  const month = end.getUTCMonth() - 1;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(end.getUTCDate(), lastDay);
  return new Date(Date.UTC(year, month, day, end.getUTCHours(), end.getUTCMinutes(), end.getUTCSeconds(), end.getUTCMilliseconds()));
}

export function oneMonthAfter(start: Date): Date {
  const year = start.getUTCFullYear();
  const month = start.getUTCMonth() + 1;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(start.getUTCDate(), lastDay);
  return new Date(Date.UTC(year, month, day, start.getUTCHours(), start.getUTCMinutes(), start.getUTCSeconds(), start.getUTCMilliseconds()));
}

/** The period a report covers: the 24 hours, 7 days or calendar month before `end`. */
export function reportWindow(cadence: Cadence, end: Date): { start: Date; end: Date } {
  if (cadence === "daily") return { start: new Date(end.getTime() - DAY), end };
  if (cadence === "weekly") return { start: new Date(end.getTime() - 7 * DAY), end };
  return { start: oneMonthBefore(end), end };
}

/** When a period that starts at `start` ends: the inverse of reportWindow. */
export function periodEnd(cadence: Cadence, start: Date): Date {
  if (cadence === "daily") return new Date(start.getTime() + DAY);
  if (cadence === "weekly") return new Date(start.getTime() + 7 * DAY);
  return oneMonthAfter(start);
}


import type { Frequency } from "./frequency";
import { addDays, daysInMonth, toLocal, wallTimeToEpoch, type LocalDate } from "./zoned-time";

/**
 * The calendar period a report belongs to under a specification's frequency: the local day, the ISO week
 * (Monday to Sunday) or the month that contains a given instant in a given time zone. A specification gets at
 * most one report per period, so the rule depends on which calendar period a slot falls in, never on how long
 * ago the previous report finished: a daily schedule runs every day whatever the tick's delay, the previous
 * run's duration or a 23- or 25-hour day.
 */
export interface FrequencyPeriod {
  /** Stable and unique per frequency: "daily:2026-11-27", "weekly:2026-W48", "monthly:2026-11". */
  key: string;
  /** First instant of the period (local midnight that starts it). */
  start: Date;
  /** First instant of the next period: when the next report becomes allowed. */
  end: Date;
  /** For people: "27 Nov 2026", "week 48 of 2026, 23–29 Nov", "November 2026". */
  label: string;
  timeZone: string;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** Local midnight of a calendar date; a midnight that does not exist (a DST gap at 00:00) moves forward. */
function startOfDay(timeZone: string, date: LocalDate): Date {
  return new Date(wallTimeToEpoch(timeZone, date, 0, 0));
}

/** ISO-8601 week-numbering year and week of a calendar date (weeks start on Monday; week 1 holds January 4th). */
export function isoWeek(date: LocalDate): { year: number; week: number } {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day));
  const weekday = (d.getUTCDay() + 6) % 7; // 0 = Monday
  d.setUTCDate(d.getUTCDate() - weekday + 3); // the Thursday of this week decides its year
  const year = d.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(year, 0, 4));
  firstThursday.setUTCDate(firstThursday.getUTCDate() - ((firstThursday.getUTCDay() + 6) % 7) + 3);
  return { year, week: 1 + Math.round((d.getTime() - firstThursday.getTime()) / (7 * 86_400_000)) };
}

export function frequencyPeriod(frequency: Frequency, at: Date, timeZone: string): FrequencyPeriod {
  const local = toLocal(timeZone, at.getTime());
  const today: LocalDate = { year: local.year, month: local.month, day: local.day };
  if (frequency === "daily") {
    return {
      key: `daily:${local.year}-${pad(local.month)}-${pad(local.day)}`,
      start: startOfDay(timeZone, today),
      end: startOfDay(timeZone, addDays(today, 1)),
      label: `${local.day} ${MONTHS[local.month - 1]} ${local.year}`,
      timeZone,
    };
  }
  if (frequency === "weekly") {
    const monday = addDays(today, -((local.weekday + 6) % 7));
    const sunday = addDays(monday, 6);
    const { year, week } = isoWeek(today);
    const range =
      monday.month === sunday.month
        ? `${monday.day}–${sunday.day} ${MONTHS[sunday.month - 1]}`
        : `${monday.day} ${MONTHS[monday.month - 1]} – ${sunday.day} ${MONTHS[sunday.month - 1]}`;
    return {
      key: `weekly:${year}-W${pad(week)}`,
      start: startOfDay(timeZone, monday),
      end: startOfDay(timeZone, addDays(monday, 7)),
      label: `week ${week} of ${year}, ${range}`,
      timeZone,
    };
  }
  const first: LocalDate = { year: local.year, month: local.month, day: 1 };
  const nextFirst = addDays(first, daysInMonth(local.year, local.month));
  return {
    key: `monthly:${local.year}-${pad(local.month)}`,
    start: startOfDay(timeZone, first),
    end: startOfDay(timeZone, nextFirst),
    label: `${MONTH_NAMES[local.month - 1]} ${local.year}`,
    timeZone,
  };
}

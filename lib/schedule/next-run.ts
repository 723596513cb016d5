import { cronMatchesDay, parseCron } from "./cron-expression";
import type { Schedule } from "./schedule-config";
import { addDays, daysInMonth, toLocal, wallTimeToEpoch, type LocalDate } from "./zoned-time";

// Far enough for "0 0 29 2 *" across a century year without a leap day (2100): 8 years and a bit.
const MAX_CRON_SEARCH_DAYS = 8 * 366 + 7;

function parseTime(time: string): [number, number] {
  return [Number(time.slice(0, 2)), Number(time.slice(3, 5))];
}

/**
 * Walks local calendar days from the day before `after`'s local date (a zone that falls back across
 * midnight repeats part of the previous day) and returns the first candidate instant strictly after `after`.
 * Candidates of later days are later instants, so the first hit is the answer.
 */
function firstAfter(
  timeZone: string,
  after: number,
  maxDays: number,
  candidatesOn: (date: LocalDate & { weekday: number }) => number[],
): number | null {
  const start = toLocal(timeZone, after);
  for (let offset = -1; offset <= maxDays; offset++) {
    const date = addDays(start, offset);
    for (const candidate of candidatesOn(date)) {
      if (candidate > after) return candidate;
    }
  }
  return null;
}

function nextRunEpoch(schedule: Schedule, after: number): number | null {
  const { schedule_config: config } = schedule;
  const zone = config.timezone;
  switch (schedule.schedule_type) {
    case "daily": {
      const [hour, minute] = parseTime(schedule.schedule_config.time);
      return firstAfter(zone, after, 3, (date) => [wallTimeToEpoch(zone, date, hour, minute)]);
    }
    case "weekly": {
      const [hour, minute] = parseTime(schedule.schedule_config.time);
      // Seed numbering 0 = Monday … 6 = Sunday  →  JavaScript's 0 = Sunday … 6 = Saturday.
      const weekday = (schedule.schedule_config.day_of_week + 1) % 7;
      return firstAfter(zone, after, 9, (date) =>
        date.weekday === weekday ? [wallTimeToEpoch(zone, date, hour, minute)] : [],
      );
    }
    case "monthly": {
      const [hour, minute] = parseTime(schedule.schedule_config.time);
      const { day_of_month: dayOfMonth } = schedule.schedule_config;
      return firstAfter(zone, after, 63, (date) => {
        const target = dayOfMonth === "last" ? daysInMonth(date.year, date.month) : dayOfMonth;
        return date.day === target ? [wallTimeToEpoch(zone, date, hour, minute)] : [];
      });
    }
    case "custom": {
      const spec = parseCron(schedule.schedule_config.cron_expression);
      return firstAfter(zone, after, MAX_CRON_SEARCH_DAYS, (date) => {
        if (!cronMatchesDay(spec, date.month, date.day, date.weekday, daysInMonth(date.year, date.month))) return [];
        const runs: number[] = [];
        for (const hour of spec.hours) {
          for (const minute of spec.minutes) runs.push(wallTimeToEpoch(zone, date, hour, minute));
        }
        return runs;
      });
    }
  }
}

/** The first run strictly after `after` (UTC instant), or null for an expression that never fires. */
export function nextRun(schedule: Schedule, after: Date): Date | null {
  const epoch = nextRunEpoch(schedule, after.getTime());
  return epoch === null ? null : new Date(epoch);
}

/** The next `count` runs after `after`, strictly increasing. */
export function nextRuns(schedule: Schedule, after: Date, count: number): Date[] {
  const runs: Date[] = [];
  let cursor = after.getTime();
  while (runs.length < count) {
    const epoch = nextRunEpoch(schedule, cursor);
    if (epoch === null) break;
    runs.push(new Date(epoch));
    cursor = epoch;
  }
  return runs;
}

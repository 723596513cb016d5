import { CronExpressionParser } from "cron-parser";
import { ScheduleValidationError } from "./schedule-error";

/** A five-field cron expression reduced to the sets it allows; what the direct computation iterates. */
export interface CronSpec {
  expression: string;
  minutes: number[];
  hours: number[];
  daysOfMonth: Set<number>;
  months: Set<number>;
  /** 0 = Sunday … 6 = Saturday (cron's numbering; 7 is folded into 0). */
  weekdays: Set<number>;
  /** Vixie cron: when both day fields are restricted, a day matching either runs. */
  dayOfMonthRestricted: boolean;
  dayOfWeekRestricted: boolean;
  /** "L" in the day-of-month field: the month's last day. */
  lastDayOfMonth: boolean;
  /** "15W", "1W", "LW": the weekday (Mon–Fri) nearest that day, within its month; 0 stands for the last day. */
  nearestWeekdays: number[];
  /** "1#2" (second Monday), "5L" (last Friday): nth 1–5, or -1 for the month's last. */
  nthWeekdays: { weekday: number; nth: number }[];
}

const FIELD = "schedule_config.cron_expression";
const MAX_LENGTH = 200;

const MACROS: Record<string, string> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

const FIELD_NAMES = ["minute", "hour", "day of month", "month", "day of week"];
/** Each field's allowed numbers (day of week: 0 and 7 are both Sunday). */
const FIELD_RANGES: [number, number][] = [[0, 59], [0, 23], [1, 31], [1, 12], [0, 7]];
const MONTH_NAMES = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAY_NAMES = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
const PART = /^(\*|\d{1,2}|[A-Za-z]{3})(-(\d{1,2}|[A-Za-z]{3}))?(\/\d{1,2})?$/;
/** Day-of-month extensions (Quartz's, as cronstrue reads them): L, LW and nW. */
const MONTH_DAY_EXTRA = /^(L|LW|(\d{1,2})W)$/i;
/** Day-of-week extensions: dL (the month's last such day) and d#n (its nth). */
const WEEKDAY_EXTRA = /^([0-7])(L|#([1-5]))$/i;

function fail(message: string): never {
  throw new ScheduleValidationError(FIELD, message);
}

function isExtra(part: string, index: number): boolean {
  return (index === 2 && MONTH_DAY_EXTRA.test(part)) || (index === 4 && WEEKDAY_EXTRA.test(part));
}

/**
 * Standard syntax (numbers, names, *, ranges, steps and lists) plus the month-relative days a builder offers:
 * L, LW and nW for the day of the month, dL and d#n for the day of the week. "?" and seconds are refused.
 */
function checkFieldSyntax(field: string, index: number): void {
  const names = index === 3 ? MONTH_NAMES : index === 4 ? DAY_NAMES : [];
  for (const part of field.split(",")) {
    if (isExtra(part, index)) {
      const day = MONTH_DAY_EXTRA.exec(part)?.[2];
      if (day !== undefined && (Number(day) < 1 || Number(day) > 31)) fail(`The day of month field allows 1W–31W; "${part}" is outside it`);
      continue;
    }
    const match = PART.exec(part);
    const words = match ? [match[1], match[3]].filter((w) => w && /^[A-Za-z]/.test(w)) : [];
    const [low, high] = FIELD_RANGES[index];
    const outside = match ? [match[1], match[3]].find((value) => value && /^\d/.test(value) && (Number(value) < low || Number(value) > high)) : undefined;
    if (outside !== undefined) fail(`The ${FIELD_NAMES[index]} field allows ${low}–${high}; "${outside}" is outside it`);
    if (!match || words.some((word) => !names.includes(word.toUpperCase()))) {
      fail(
        `The ${FIELD_NAMES[index]} field "${field}" is not standard cron syntax: use numbers${
          names.length ? ` or names like ${names[1]}` : ""
        }, *, ranges (1-5), steps (*/2) and lists (1,3)${
          index === 2 ? "; L (last day), LW (last weekday) or 15W (weekday nearest the 15th)" : index === 4 ? "; 5L (last Friday) or 1#2 (second Monday)" : ""
        }`,
      );
    }
  }
}

function expand(expression: string): string {
  const text = expression.trim().replace(/\s+/g, " ");
  if (!text) fail("Enter a cron expression, e.g. \"0 9 * * 1\" (Mondays at 09:00)");
  if (text.length > MAX_LENGTH) fail(`A cron expression is at most ${MAX_LENGTH} characters`);
  if (text.startsWith("@")) {
    const macro = text.toLowerCase();
    if (macro === "@reboot") fail("@reboot is not supported: Autopilot runs on a clock, not at start-up");
    const expanded = MACROS[macro];
    if (!expanded) fail(`Unknown macro "${text}"; use @hourly, @daily, @weekly, @monthly or @yearly`);
    return expanded;
  }
  const fields = text.split(" ");
  if (fields.length === 6) {
    // A sixth field is either a year at the end (Quartz, AWS) or seconds at the start (Quartz, node-cron).
    if (/^\d{4}([-,/]\d{1,4})*$|^\*$/.test(fields[5]) && /^\d{4}/.test(fields[5])) {
      fail(`Years are not supported: remove the sixth field "${fields[5]}" (use five fields, minute hour day month weekday; an end date stops a schedule)`);
    }
    fail(`Seconds are not supported: remove the first field "${fields[0]}" (use five fields, minute hour day month weekday)`);
  }
  if (fields.length !== 5) {
    fail(`A cron expression has five fields (minute hour day month weekday); this one has ${fields.length}`);
  }
  fields.forEach(checkFieldSyntax);
  return fields.join(" ");
}

/** A field's parts split into month-relative extras and standard parts ("*" in a list with extras adds nothing). */
function splitExtras(field: string, index: number): [string[], string[]] {
  const parts = field.split(",");
  const extras = parts.filter((part) => isExtra(part, index));
  const plain = parts.filter((part) => !isExtra(part, index));
  return [extras, extras.length && plain.every((part) => part === "*") ? [] : plain];
}

const cache = new Map<string, CronSpec>();
const MAX_CACHED = 5_000;

/** Parses (and caches) a five-field expression or macro; throws ScheduleValidationError naming the fix. */
export function parseCron(expression: string): CronSpec {
  const cached = cache.get(expression);
  if (cached) return cached;
  const expanded = expand(expression).split(" ");
  // The month-relative parts are matched here; cron-parser expands the standard rest ("*" when nothing is left).
  const [monthDayExtras, monthDayPlain] = splitExtras(expanded[2], 2);
  const [weekdayExtras, weekdayPlain] = splitExtras(expanded[4], 4);
  const standard = [expanded[0], expanded[1], monthDayPlain.join(",") || "*", expanded[3], weekdayPlain.join(",") || "*"].join(" ");
  let fields;
  try {
    fields = CronExpressionParser.parse(standard, { strict: false }).fields;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/day of month/i.test(message)) {
      fail("That day never comes in the months chosen (like 31 February or 31 April): this expression would never run");
    }
    fail(`Invalid cron expression: ${message}`);
  }
  const spec: CronSpec = {
    expression,
    minutes: [...fields.minute.values].map(Number).sort((a, b) => a - b),
    hours: [...fields.hour.values].map(Number).sort((a, b) => a - b),
    daysOfMonth: monthDayPlain.length ? new Set(fields.dayOfMonth.values.map(Number)) : new Set(),
    months: new Set(fields.month.values.map(Number)),
    weekdays: weekdayPlain.length ? new Set(fields.dayOfWeek.values.map((d) => Number(d) % 7)) : new Set(),
    dayOfMonthRestricted: monthDayExtras.length > 0 || !fields.dayOfMonth.isWildcard,
    dayOfWeekRestricted: weekdayExtras.length > 0 || !fields.dayOfWeek.isWildcard,
    lastDayOfMonth: monthDayExtras.some((part) => part.toUpperCase() === "L"),
    nearestWeekdays: monthDayExtras.filter((part) => /W$/i.test(part)).map((part) => (/^L/i.test(part) ? 0 : parseInt(part, 10))),
    nthWeekdays: weekdayExtras.map((part) => {
      const [, weekday, kind, nth] = WEEKDAY_EXTRA.exec(part)!;
      return { weekday: Number(weekday) % 7, nth: kind.toUpperCase() === "L" ? -1 : Number(nth) };
    }),
  };
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(expression, spec);
  return spec;
}

/**
 * The shortest gap, in minutes, between two runs of the expression on a normal day, counting the gap from
 * a day's last run to the next day's first (conservative: the next day may not run at all).
 */
export function shortestIntervalMinutes(spec: CronSpec): number {
  const times = spec.hours.flatMap((hour) => spec.minutes.map((minute) => hour * 60 + minute));
  let shortest = 24 * 60 - times[times.length - 1] + times[0];
  for (let i = 1; i < times.length; i++) shortest = Math.min(shortest, times[i] - times[i - 1]);
  return shortest;
}

/** The weekday (Mon–Fri) nearest `target` within its month: Saturday moves to Friday, Sunday to Monday, never across a month's edge. */
function nearestWeekday(target: number, targetWeekday: number, monthLength: number): number {
  if (targetWeekday === 6) return target === 1 ? 3 : target - 1;
  if (targetWeekday === 0) return target === monthLength ? target - 2 : target + 1;
  return target;
}

function matchesMonthDay(spec: CronSpec, day: number, weekday: number, monthLength: number): boolean {
  if (spec.daysOfMonth.has(day)) return true;
  if (spec.lastDayOfMonth && day === monthLength) return true;
  return spec.nearestWeekdays.some((wanted) => {
    const target = wanted === 0 ? monthLength : Math.min(wanted, monthLength);
    const targetWeekday = (((weekday + target - day) % 7) + 7) % 7;
    return nearestWeekday(target, targetWeekday, monthLength) === day;
  });
}

function matchesWeekday(spec: CronSpec, day: number, weekday: number, monthLength: number): boolean {
  if (spec.weekdays.has(weekday)) return true;
  return spec.nthWeekdays.some(
    (rule) => rule.weekday === weekday && (rule.nth === -1 ? day + 7 > monthLength : Math.ceil(day / 7) === rule.nth),
  );
}

/** Whether the expression runs on this calendar day (weekday 0 = Sunday; monthLength: the month's days). */
export function cronMatchesDay(spec: CronSpec, month: number, day: number, weekday: number, monthLength: number): boolean {
  if (!spec.months.has(month)) return false;
  const dayOfMonth = matchesMonthDay(spec, day, weekday, monthLength);
  const dayOfWeek = matchesWeekday(spec, day, weekday, monthLength);
  if (spec.dayOfMonthRestricted && spec.dayOfWeekRestricted) return dayOfMonth || dayOfWeek;
  if (spec.dayOfMonthRestricted) return dayOfMonth;
  if (spec.dayOfWeekRestricted) return dayOfWeek;
  return true;
}

import { parseCron, type CronSpec } from "./cron-expression";

/** Which days a built expression runs on; weekdays use cron's numbering, 0 = Sunday … 6 = Saturday. */
export type CronDays =
  | { rule: "every_day" }
  | { rule: "business_days" }
  | { rule: "weekdays"; weekdays: number[] }
  | { rule: "days_of_month"; days: number[] }
  | { rule: "last_day" }
  | { rule: "first_business_day" }
  | { rule: "last_business_day" }
  /** nth 1–5, or -1 for the month's last such weekday. */
  | { rule: "nth_weekday"; nth: number; weekday: number };

export type CronDayRule = CronDays["rule"];

/** What the visual builder edits: times as hour and minute lists, days as one rule. */
export interface CronBuilderState {
  minutes: number[];
  hours: number[];
  days: CronDays;
}

export const CRON_DAY_RULES: { rule: CronDayRule; label: string }[] = [
  { rule: "every_day", label: "Every day" },
  { rule: "business_days", label: "Business days (Monday to Friday)" },
  { rule: "weekdays", label: "Chosen days of the week" },
  { rule: "days_of_month", label: "Chosen days of the month" },
  { rule: "last_day", label: "The last day of the month" },
  { rule: "first_business_day", label: "The first business day of the month" },
  { rule: "last_business_day", label: "The last business day of the month" },
  { rule: "nth_weekday", label: "A weekday of the month (e.g. the first Monday)" },
];

const BUSINESS_DAYS = [1, 2, 3, 4, 5];

function uniqueSorted(values: number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

/** "0,15,30,45" as "*\/15", runs of three or more as ranges ("1-5"), the full range as "*". */
function compactList(values: number[], low: number, high: number): string {
  const sorted = uniqueSorted(values);
  if (sorted.length === high - low + 1) return "*";
  const step = sorted.length > 2 ? sorted[1] - sorted[0] : 0;
  if (step > 1 && sorted[0] === low && sorted.every((value, i) => value === low + i * step) && sorted[sorted.length - 1] + step > high) {
    return `*/${step}`;
  }
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    if (j - i >= 2) parts.push(`${sorted[i]}-${sorted[j]}`);
    else for (let k = i; k <= j; k++) parts.push(String(sorted[k]));
    i = j + 1;
  }
  return parts.join(",");
}

function dayFields(days: CronDays): [string, string] {
  switch (days.rule) {
    case "every_day":
      return ["*", "*"];
    case "business_days":
      return ["*", "1-5"];
    case "weekdays":
      return ["*", compactList(days.weekdays, 0, 6)];
    case "days_of_month":
      return [compactList(days.days, 1, 31), "*"];
    case "last_day":
      return ["L", "*"];
    case "first_business_day":
      return ["1W", "*"];
    case "last_business_day":
      return ["LW", "*"];
    case "nth_weekday":
      return ["*", days.nth === -1 ? `${days.weekday}L` : `${days.weekday}#${days.nth}`];
  }
}

/** The five-field expression a builder state amounts to. */
export function buildCron(state: CronBuilderState): string {
  const [dayOfMonth, dayOfWeek] = dayFields(state.days);
  return [compactList(state.minutes, 0, 59), compactList(state.hours, 0, 23), dayOfMonth, "*", dayOfWeek].join(" ");
}

function readDays(spec: CronSpec): CronDays | null {
  const plainWeekdays = [...spec.weekdays].sort((a, b) => a - b);
  const plainDays = [...spec.daysOfMonth].sort((a, b) => a - b);
  if (spec.dayOfMonthRestricted && spec.dayOfWeekRestricted) return null;
  if (spec.dayOfWeekRestricted) {
    if (spec.nthWeekdays.length === 1 && plainWeekdays.length === 0) return { rule: "nth_weekday", ...spec.nthWeekdays[0] };
    if (spec.nthWeekdays.length > 0) return null;
    if (plainWeekdays.join() === BUSINESS_DAYS.join()) return { rule: "business_days" };
    return plainWeekdays.length === 7 ? { rule: "every_day" } : { rule: "weekdays", weekdays: plainWeekdays };
  }
  if (spec.dayOfMonthRestricted) {
    const extras = Number(spec.lastDayOfMonth) + spec.nearestWeekdays.length;
    if (extras === 0) return { rule: "days_of_month", days: plainDays };
    if (extras > 1 || plainDays.length > 0) return null;
    if (spec.lastDayOfMonth) return { rule: "last_day" };
    if (spec.nearestWeekdays[0] === 1) return { rule: "first_business_day" };
    if (spec.nearestWeekdays[0] === 0) return { rule: "last_business_day" };
    return null;
  }
  return { rule: "every_day" };
}

/**
 * The builder's reading of an expression, or null when it says more than the builder can (chosen months, both
 * day fields, "15W"): the expression then stays as typed. Throws ScheduleValidationError for an invalid one.
 */
export function readCron(expression: string): CronBuilderState | null {
  const spec = parseCron(expression);
  if (spec.months.size !== 12) return null;
  const days = readDays(spec);
  return days ? { minutes: spec.minutes, hours: spec.hours, days } : null;
}

/** A rule's starting point when picked in the builder, keeping what can be kept from the current days. */
export function defaultDays(rule: CronDayRule, current: CronDays): CronDays {
  switch (rule) {
    case "weekdays":
      return { rule, weekdays: current.rule === "nth_weekday" ? [current.weekday] : BUSINESS_DAYS };
    case "days_of_month":
      return { rule, days: [1] };
    case "nth_weekday":
      return { rule, nth: 1, weekday: current.rule === "weekdays" ? current.weekdays[0] : 1 };
    default:
      return { rule };
  }
}

/** Adds or removes one value, never leaving the list empty (an empty field would mean nothing runs). */
export function toggleValue(values: number[], value: number): number[] {
  if (values.includes(value)) return values.length > 1 ? values.filter((v) => v !== value) : values;
  return uniqueSorted([...values, value]);
}

import { DEFAULT_POLICY, type SchedulePolicy } from "@/lib/schedule/schedule-policy";
import { endOfLocalDate, localDateOf, startOfLocalDate } from "@/lib/schedule/local-date";

/** The editor's policy fields as typed (numbers as text: empty means the default). */
export interface PolicyValues {
  max_retries: string;
  only_when_new: boolean;
  skip_when_empty: boolean;
  catch_up_minutes: string;
  timeout_seconds: string;
  retention_days: string;
  retention_runs: string;
  pause_after_failures: string;
  /** Local dates ("YYYY-MM-DD") in the schedule's zone. */
  starts_on: string;
  ends_on: string;
}

export const POLICY_FORM_FIELDS: (keyof PolicyValues)[] = [
  "max_retries",
  "only_when_new",
  "skip_when_empty",
  "catch_up_minutes",
  "timeout_seconds",
  "retention_days",
  "retention_runs",
  "pause_after_failures",
  "starts_on",
  "ends_on",
];

const text = (value: number | null) => (value === null ? "" : String(value));

export function policyValuesOf(policy: SchedulePolicy & { starts_at: Date | string | null; ends_at: Date | string | null }, zone: string): PolicyValues {
  return {
    max_retries: text(policy.max_retries),
    only_when_new: policy.only_when_new,
    skip_when_empty: policy.skip_when_empty,
    catch_up_minutes: text(policy.catch_up_minutes),
    timeout_seconds: text(policy.timeout_seconds),
    retention_days: text(policy.retention_days),
    retention_runs: text(policy.retention_runs),
    pause_after_failures: text(policy.pause_after_failures),
    starts_on: policy.starts_at ? localDateOf(policy.starts_at, zone) : "",
    ends_on: policy.ends_at ? localDateOf(policy.ends_at, zone) : "",
  };
}

export const DEFAULT_POLICY_VALUES: PolicyValues = policyValuesOf({ ...DEFAULT_POLICY, starts_at: null, ends_at: null }, "UTC");

/** Empty → null (the default); a number → that number; anything else goes as typed, for the schema to explain. */
function numberOrNull(value: string): number | string | null {
  const trimmed = value.trim();
  if (trimmed === "") return null;
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/** The API's policy fields: empty numbers take their defaults. */
export function policyRequest(values: PolicyValues) {
  return {
    max_retries: numberOrNull(values.max_retries) ?? DEFAULT_POLICY.max_retries,
    only_when_new: values.only_when_new,
    skip_when_empty: values.skip_when_empty,
    catch_up_minutes: numberOrNull(values.catch_up_minutes),
    timeout_seconds: numberOrNull(values.timeout_seconds),
    retention_days: numberOrNull(values.retention_days) ?? DEFAULT_POLICY.retention_days,
    retention_runs: numberOrNull(values.retention_runs),
    pause_after_failures: numberOrNull(values.pause_after_failures),
  };
}

/** A schedule's start and end dates as instants: the start and the end of those days in its zone. */
export function datesRequest(values: Pick<PolicyValues, "starts_on" | "ends_on">, zone: string) {
  const date = (field: string, value: string, at: (text: string, zone: string) => Date | null) => {
    if (!value.trim()) return null;
    return at(value, zone)?.toISOString() ?? `${field}: ${value}`;
  };
  return { starts_at: date("starts_at", values.starts_on, startOfLocalDate), ends_at: date("ends_at", values.ends_on, endOfLocalDate) };
}

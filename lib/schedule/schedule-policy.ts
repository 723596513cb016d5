import { followingSlot } from "./due-slot";
import type { Schedule } from "./schedule-config";

/**
 * A schedule's policies, with the product's defaults. Each follows a peer that scheduling users know:
 * retries (Superset's retries, Temporal's retry policy), only-when-new (Metabase's "don't send if there are no
 * results"), the catch-up window (Temporal's catch-up window, Kubernetes' startingDeadlineSeconds), the
 * timeout (Superset's working_timeout), retention (Superset's log_retention) and pause with a note (Temporal).
 */
export interface SchedulePolicy {
  max_retries: number;
  only_when_new: boolean;
  skip_when_empty: boolean;
  /** null: one interval of the schedule, at most CATCH_UP_MAX_MINUTES. */
  catch_up_minutes: number | null;
  /** null: the deployment's AUTOPILOT_RUN_TIMEOUT_SECONDS. */
  timeout_seconds: number | null;
  retention_days: number;
  /** null: every run within retention_days. */
  retention_runs: number | null;
  /** null: a failure streak never pauses the schedule. */
  pause_after_failures: number | null;
}

export const DEFAULT_POLICY: SchedulePolicy = {
  max_retries: 2,
  only_when_new: false,
  skip_when_empty: false,
  catch_up_minutes: null,
  timeout_seconds: null,
  retention_days: 90,
  retention_runs: null,
  pause_after_failures: null,
};

export const POLICY_FIELDS = Object.keys(DEFAULT_POLICY) as (keyof SchedulePolicy)[];

export const MAX_RETRIES = 5;
export const CATCH_UP_MAX_MINUTES = 7 * 24 * 60;
export const TIMEOUT_MIN_SECONDS = 10;
const FIRST_RETRY_MS = 5 * 60_000;

/**
 * When the retry after failed attempt `attempt` (1 for the first run) is due: about 5, 10, 20 … minutes
 * later, ±20% so retries of many schedules that failed together do not all come back at once.
 */
export function retryTime(failedAt: Date, attempt: number, random: () => number = Math.random): Date {
  const base = FIRST_RETRY_MS * 2 ** (attempt - 1);
  return new Date(failedAt.getTime() + Math.round(base * (0.8 + 0.4 * random())));
}

/**
 * Whether a failed attempt of `slot` is tried again, and when: only while retries are left, and only before
 * the schedule's next slot (which makes its own report).
 */
export function planRetry(
  schedule: Schedule & Pick<SchedulePolicy, "max_retries">,
  { slot, attempt, failedAt, random }: { slot: Date; attempt: number; failedAt: Date; random?: () => number },
): { retryAt: Date } | { retryAt: null; reason: "no_retries_left" | "next_slot_first" } {
  if (attempt > schedule.max_retries) return { retryAt: null, reason: "no_retries_left" };
  const retryAt = retryTime(failedAt, attempt, random);
  const next = followingSlot(schedule, slot);
  if (next && retryAt.getTime() >= next.getTime()) return { retryAt: null, reason: "next_slot_first" };
  return { retryAt };
}

/** How long after its time a missed slot may still run. */
export function catchUpWindowMs(schedule: Schedule & Pick<SchedulePolicy, "catch_up_minutes">, slot: Date): number {
  if (schedule.catch_up_minutes) return schedule.catch_up_minutes * 60_000;
  const next = followingSlot(schedule, slot);
  const interval = next ? next.getTime() - slot.getTime() : Infinity;
  return Math.min(interval, CATCH_UP_MAX_MINUTES * 60_000);
}

/** The run timeout that applies: the schedule's own, never beyond what the deployment allows. */
export function runTimeoutFor(policy: Pick<SchedulePolicy, "timeout_seconds">, deploymentSeconds: number): number {
  return policy.timeout_seconds ? Math.min(policy.timeout_seconds, deploymentSeconds) : deploymentSeconds;
}

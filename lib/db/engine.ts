import "server-only";
import type { SlotResult } from "@/lib/autopilot/schedule-status";
import type { Queryable } from "./database";
import { RUN_FIELDS, type Run, type RunTrigger } from "./runs";
import type { ScheduleRow } from "./schedules";

/** What the tick does not need of a claimed schedule: counters, bookkeeping and free text (not read back: batches are large). */
type UnclaimedColumns =
  | "specification_name" | "specification_status" | "specification_frequency" | "created_by" | "created_by_user_id" | "enabled"
  | "status" | "last_run_at" | "last_run_status" | "run_count" | "success_count" | "failure_count" | "consecutive_failures"
  | "locked_until" | "notes" | "paused_note" | "paused_until" | "created_at" | "updated_at" | "retention_days" | "retention_runs"
  | "depends_on_name" | "batch_specification_names";

/** A claimed schedule, and whether it had destinations when claimed (its run's deliveries are queued only then). */
export type ClaimedScheduleRow = OmitEach<ScheduleRow, UnclaimedColumns> & {
  has_destinations: boolean;
  /** A dependent waiting for its upstream's run of this slot (next_run_at is then the wait's end). */
  waiting_slot: Date | null;
};

/** Omit on each member of a union (a plain Omit would merge the schedule types into one). */
type OmitEach<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

const CLAIMED_COLUMNS = `s.id, s.specification_id, s.workspace_id, s.schedule_name, s.schedule_type, s.schedule_config,
  s.categories_override, s.regions_override, s.cadence_override, s.last_run_error, s.next_run_at, s.retry_slot, s.max_retries,
  s.only_when_new, s.skip_when_empty, s.catch_up_minutes, s.timeout_seconds, s.pause_after_failures, s.starts_at, s.ends_at, s.editor_summary,
  s.depends_on_schedule_id, s.wait_minutes, s.waiting_slot, s.batch_specification_ids`;

/**
 * Claims up to `limit` due schedules, each workspace's oldest slot first, in turns across workspaces, and leases them to `tickId` until now + lease.
 * FOR UPDATE SKIP LOCKED lets overlapping ticks claim disjoint sets; the lease keeps a claimed schedule from
 * being claimed again while its run is in progress, even after this transaction commits.
 */
export async function claimDueSchedules(
  tx: Queryable,
  { now, limit, leaseSeconds, tickId }: { now: Date; limit: number; leaseSeconds: number; tickId: string },
): Promise<ClaimedScheduleRow[]> {
  const { rows } = await tx.query<ClaimedScheduleRow>(
    // Round robin across workspaces: every workspace's most overdue schedule, then every one's second, and so
    // on, so a workspace with many due schedules cannot push the others' into a later batch or tick.
    `with ranked as (
       select id, next_run_at, row_number() over (partition by workspace_id order by next_run_at, id) as nth
       from public.autopilot_schedules
       where enabled and status = 'active' and next_run_at <= $1 and (locked_until is null or locked_until < $1)
     ), due as (
       select s.id from public.autopilot_schedules s join ranked r on r.id = s.id
       where s.enabled and s.status = 'active' and s.next_run_at <= $1 and (s.locked_until is null or s.locked_until < $1)
       order by r.nth, r.next_run_at, r.id
       limit $2
       for update of s skip locked
     ), s as (
       update public.autopilot_schedules s
       set locked_until = $1::timestamptz + make_interval(secs => $3), locked_by = $4
       from due where s.id = due.id
       returning s.*
     )
     select ${CLAIMED_COLUMNS},
            exists (select 1 from public.autopilot_destinations d where d.schedule_id = s.id) as has_destinations
     from s
     order by s.next_run_at`,
    [now, limit, leaseSeconds, tickId],
  );
  return rows;
}

export async function countDueSchedules(tx: Queryable, { now }: { now: Date }): Promise<number> {
  const { rows } = await tx.query<{ n: number }>(
    `select count(*)::int as n from public.autopilot_schedules
     where enabled and status = 'active' and next_run_at <= $1 and (locked_until is null or locked_until < $1)`,
    [now],
  );
  return rows[0].n;
}

export async function releaseLeases(tx: Queryable, { ids }: { ids: string[] }): Promise<void> {
  await tx.query("update public.autopilot_schedules set locked_until = null, locked_by = null where id = any($1::uuid[])", [ids]);
}

/**
 * The slot already has a run. An ended one settled the slot, so the schedule moves past it (only if it still
 * waits at or before that slot); one still in progress keeps the lease, and recovery settles it after its
 * deadline. Either way the schedule is not claimed again right away.
 */
export async function settleTakenSlot(tx: Queryable, { id, slot, nextRunAt }: { id: string; slot: Date; nextRunAt: Date | null }): Promise<"moved" | "in_progress"> {
  const { rows } = await tx.query<{ status: string }>(
    "select status from public.newsletter_runs where autopilot_schedule_id = $1 and scheduled_for = $2 and batch_position is null",
    [id, slot],
  );
  if (rows[0] && (rows[0].status === "running")) return "in_progress";
  await tx.query(
    `update public.autopilot_schedules set
       status = case when (date_trunc('milliseconds', next_run_at) <= $2 or waiting_slot = $2) and $3::timestamptz is null then 'completed' else status end,
       next_run_at = case when date_trunc('milliseconds', next_run_at) <= $2 or waiting_slot = $2 then coalesce($3, next_run_at) else next_run_at end,
       waiting_slot = case when waiting_slot = $2 then null else waiting_slot end,
       locked_until = null, locked_by = null
     where id = $1`,
    [id, slot, nextRunAt],
  );
  return "moved";
}

/** A specification gone or inactive parks its schedules: status error, reason kept, next_run_at untouched, until someone saves them. */
export async function markSchedulesError(tx: Queryable, parked: { id: string; error: string }[]): Promise<void> {
  if (parked.length === 0) return;
  await tx.query(
    `update public.autopilot_schedules s
     set status = 'error', last_run_error = x.error, locked_until = null, locked_by = null, updated_at = now()
     from jsonb_to_recordset($1::jsonb) as x(id uuid, error text)
     where s.id = x.id`,
    [JSON.stringify(parked)],
  );
}

export interface ScheduleOutcome {
  id: string;
  status: SlotResult;
  error: string | null;
  at: Date;
  /** null: no slot is left before the schedule's end date, so it is completed. */
  nextRunAt: Date | null;
  /** Only if the schedule still waits at or before this slot, or retries it (a late recovery must not undo newer progress). */
  slot?: Date | null;
}

export interface RecordedOutcome {
  id: string;
  paused: boolean;
  /** What the owners must hear about: the first failure of a streak, or the failure that paused the schedule. */
  ownerAlert: "failing" | "paused" | null;
}

/** The schedule still waits at or before slot `o.slot`, or for that slot's retry. */
const STILL_ON_SLOT = "(o.slot is null or date_trunc('milliseconds', s.next_run_at) <= o.slot or s.retry_slot = o.slot or s.waiting_slot = o.slot)";

/**
 * Counters, last_run_* and the next slot of many schedules in one statement, in the caller's transaction (the
 * one that ends their runs), and their leases released. A slot's end ends any retry of it. A failure streak
 * that reaches the schedule's pause_after_failures (when set) pauses it with the reason as its note; a
 * schedule with no slot left is completed. Returns the schedules recorded as failed or now paused, the ones
 * alerts and the audit speak of (a batch of successes reads nothing back).
 */
export async function recordScheduleOutcomes(tx: Queryable, outcomes: ScheduleOutcome[]): Promise<RecordedOutcome[]> {
  if (outcomes.length === 0) return [];
  const { rows } = await tx.query<{ id: string; status: string; streak: number; outcome: string; paused_now: boolean }>(
    `with o as (
       select o.*, (o.outcome = 'failed' and s.pause_after_failures is not null and s.consecutive_failures + 1 >= s.pause_after_failures) as pausing
       from json_to_recordset($1::json) as o(id uuid, outcome text, at timestamptz, error text, next_at timestamptz, slot timestamptz)
       join public.autopilot_schedules s on s.id = o.id
     ), updated as (
     update public.autopilot_schedules s set
       last_run_at = o.at,
       last_run_status = o.outcome,
       last_run_error = o.error,
       run_count = s.run_count + case when o.outcome = 'skipped' then 0 else 1 end,
       success_count = s.success_count + case when o.outcome = 'success' then 1 else 0 end,
       failure_count = s.failure_count + case when o.outcome = 'failed' then 1 else 0 end,
       consecutive_failures = case
         when o.outcome = 'failed' then s.consecutive_failures + 1
         when o.outcome = 'success' then 0
         else s.consecutive_failures end,
       status = case when o.pausing then 'paused' when o.next_at is null then 'completed' else s.status end,
       paused_note = case when o.pausing then 'Paused after ' || (s.consecutive_failures + 1) || ' failed runs in a row. Last error: ' || o.error else s.paused_note end,
       paused_until = case when o.pausing then null else s.paused_until end,
       next_run_at = coalesce(o.next_at, s.next_run_at),
       retry_slot = null, waiting_slot = null,
       locked_until = null, locked_by = null, updated_at = now()
     from o
     where s.id = o.id and ${STILL_ON_SLOT}
     returning s.id, s.status, s.consecutive_failures as streak, o.outcome, o.pausing as paused_now
     )
     select * from updated where outcome = 'failed' or status = 'paused'`,
    [
      JSON.stringify(
        outcomes.map((o) => ({ id: o.id, outcome: o.status, at: o.at, error: o.error, next_at: o.nextRunAt, slot: o.slot ?? null })),
      ),
    ],
  );
  await wakeDependents(tx, outcomes);
  return rows.map((row) => {
    const firstFailure = row.outcome === "failed" && row.streak === 1 && !row.paused_now;
    return { id: row.id, paused: row.status === "paused", ownerAlert: row.paused_now ? "paused" : firstFailure ? "failing" : null };
  });
}

/**
 * A slot of these schedules ended: the schedules waiting for them (dependents) come due now, to run, or to be
 * skipped with the upstream's reason, without waiting for the end of their wait.
 */
async function wakeDependents(tx: Queryable, outcomes: ScheduleOutcome[]): Promise<void> {
  await tx.query(
    `update public.autopilot_schedules d set next_run_at = least(d.next_run_at, o.at)
     from json_to_recordset($1::json) as o(id uuid, at timestamptz)
     where d.depends_on_schedule_id = o.id and d.waiting_slot is not null`,
    [JSON.stringify(outcomes.map((o) => ({ id: o.id, at: o.at })))],
  );
}

/** An upstream's run of a slot, and whether the upstream still runs at all. */
export interface UpstreamRun {
  upstream_id: string;
  upstream_name: string;
  upstream_running: boolean;
  slot: Date;
  status: string | null;
  error: string | null;
  retry_at: Date | null;
}

/** For each (upstream, slot): the upstream's name and state, and its run of that slot if there is one. */
export async function findUpstreamRuns(tx: Queryable, wanted: { upstreamId: string; slot: Date }[]): Promise<UpstreamRun[]> {
  if (wanted.length === 0) return [];
  const { rows } = await tx.query<UpstreamRun>(
    `select u.id as upstream_id, u.schedule_name as upstream_name, (u.enabled and u.status = 'active') as upstream_running,
            w.slot, r.status, r.error, r.retry_at
     from json_to_recordset($1::json) as w(upstream_id uuid, slot timestamptz)
     join public.autopilot_schedules u on u.id = w.upstream_id
     left join public.newsletter_runs r on r.autopilot_schedule_id = w.upstream_id and r.scheduled_for = w.slot and r.batch_position is null`,
    [JSON.stringify(wanted.map((w) => ({ upstream_id: w.upstreamId, slot: w.slot })))],
  );
  return rows;
}

/** A dependent waits at `slot` for its upstream, until `until` at the latest (or until the upstream's slot ends). */
export async function holdForUpstream(tx: Queryable, holds: { id: string; slot: Date; until: Date }[]): Promise<void> {
  if (holds.length === 0) return;
  await tx.query(
    `update public.autopilot_schedules s set waiting_slot = h.slot, next_run_at = h.until, locked_until = null, locked_by = null
     from json_to_recordset($1::json) as h(id uuid, slot timestamptz, until timestamptz)
     where s.id = h.id`,
    [JSON.stringify(holds)],
  );
}

export interface PlannedRetry {
  scheduleId: string;
  runId: string;
  slot: Date;
  retryAt: Date;
  error: string;
  at: Date;
}

/**
 * Failed attempts that will be tried again: the run (still one row for its slot) says when, and the schedule
 * waits for that time instead of its next slot, remembering the slot. Counters are left for the slot's end.
 * Returns the schedule ids recorded.
 */
export async function recordRetries(tx: Queryable, retries: PlannedRetry[]): Promise<string[]> {
  if (retries.length === 0) return [];
  const json = JSON.stringify(retries.map((r) => ({ id: r.scheduleId, run_id: r.runId, slot: r.slot, retry_at: r.retryAt, error: r.error, at: r.at })));
  const { rows } = await tx.query<{ id: string }>(
    `update public.autopilot_schedules s set
       next_run_at = o.retry_at, retry_slot = o.slot, waiting_slot = null, last_run_at = o.at, last_run_status = 'failed', last_run_error = o.error,
       locked_until = null, locked_by = null, updated_at = now()
     from jsonb_to_recordset($1::jsonb) as o(id uuid, run_id uuid, slot timestamptz, retry_at timestamptz, error text, at timestamptz)
     where s.id = o.id and ${STILL_ON_SLOT}
     returning s.id`,
    [json],
  );
  const recorded = new Set(rows.map((row) => row.id));
  await tx.query(
    `update public.newsletter_runs r set retry_at = o.retry_at
     from jsonb_to_recordset($1::jsonb) as o(id uuid, run_id uuid, retry_at timestamptz)
     where r.id = o.run_id and r.status = 'failed' and o.id = any($2::uuid[])`,
    [json, [...recorded]],
  );
  return [...recorded];
}

/**
 * Starts the next attempt of a slot's failed run, in place: the failed attempt moves into `attempts`, the run
 * is running again with a new deadline. Only a run waiting for its retry qualifies, so overlapping ticks start
 * it once. A savepoint keeps a lost race for the frequency period from aborting the caller's transaction.
 */
export async function restartRunForRetry(
  tx: Queryable,
  { scheduleId, slot, now, deadline, period }: { scheduleId: string; slot: Date; now: Date; deadline: Date; period: string | null },
): Promise<Run | null> {
  await tx.query("savepoint restart_run");
  try {
    const { rows } = await tx.query<Run>(
      `update public.newsletter_runs r set
         status = 'running', attempt = r.attempt + 1,
         attempts = r.attempts || jsonb_build_array(jsonb_build_object(
           'attempt', r.attempt, 'started_at', r.started_at, 'finished_at', r.finished_at, 'error', r.error)),
         error = null, notes = '[]'::jsonb, item_count = null, started_at = $3, finished_at = null, duration_ms = null,
         deadline_at = $4, retry_at = null, frequency_period = $5
       where r.autopilot_schedule_id = $1 and r.scheduled_for = $2 and r.batch_position is null and r.status = 'failed' and r.retry_at is not null
       returning ${RUN_FIELDS}, false as has_report`,
      [scheduleId, slot, now, deadline, period],
    );
    await tx.query("release savepoint restart_run");
    return rows[0] ?? null;
  } catch (error) {
    await tx.query("rollback to savepoint restart_run");
    if ((error as { code?: string }).code === "23505") return null;
    throw error;
  }
}

/** A retry that will not happen after all (the next slot came first, or its period was taken): the run is final. */
export async function dropRetry(tx: Queryable, { scheduleId, slot }: { scheduleId: string; slot: Date }): Promise<void> {
  await tx.query("update public.newsletter_runs set retry_at = null where autopilot_schedule_id = $1 and scheduled_for = $2 and batch_position is null and retry_at is not null", [
    scheduleId,
    slot,
  ]);
}

/** Which of these (specification, frequency period) pairs already have a report in progress or done. */
export async function findPeriodHolders(tx: Queryable, pairs: { specificationId: string; period: string }[]): Promise<Set<string>> {
  if (pairs.length === 0) return new Set();
  const { rows } = await tx.query<{ specification_id: string; frequency_period: string }>(
    `select r.specification_id, r.frequency_period
     from public.newsletter_runs r
     join jsonb_to_recordset($1::jsonb) as x(specification_id uuid, period text)
       on r.specification_id = x.specification_id and r.frequency_period = x.period
     where r.status in ('running', 'success')`,
    [JSON.stringify(pairs.map((p) => ({ specification_id: p.specificationId, period: p.period })))],
  );
  return new Set(rows.map((row) => `${row.specification_id}|${row.frequency_period}`));
}

export interface ExpiredRun {
  id: string;
  workspace_id: string;
  trigger: RunTrigger;
  autopilot_schedule_id: string | null;
  scheduled_for: Date | null;
  attempt: number;
}

/**
 * Fails every unfinished run past its deadline with `error` (optionally only one workspace's specification's),
 * and returns them. SKIP LOCKED: a run another transaction is finishing right now is left to it.
 */
export async function expireOverdueRuns(
  tx: Queryable,
  {
    now,
    error,
    workspaceId,
    specificationId,
    limit = 500,
  }: { now: Date; error: string; workspaceId?: string; specificationId?: string; limit?: number },
): Promise<ExpiredRun[]> {
  const { rows } = await tx.query<ExpiredRun>(
    `with overdue as (
       select id from public.newsletter_runs
       where status = 'running' and deadline_at < $1
         and ($3::uuid is null or workspace_id = $3) and ($4::uuid is null or specification_id = $4)
       order by deadline_at
       limit $5
       for update skip locked
     )
     update public.newsletter_runs r set
       status = 'failed', error = $2, finished_at = $1,
       duration_ms = greatest(0, round(extract(epoch from $1::timestamptz - coalesce(r.started_at, r.created_at)) * 1000))::int
     from overdue where r.id = overdue.id
     returning r.id, r.workspace_id, r.trigger, r.autopilot_schedule_id, r.scheduled_for, r.attempt`,
    [now, error, workspaceId ?? null, specificationId ?? null, limit],
  );
  return rows;
}

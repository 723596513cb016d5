import "server-only";
import type { Schedule } from "@/lib/schedule/schedule-config";
import type { ScheduleListQuery } from "@/lib/validation/schedule";
import type { Queryable } from "./database";
import { asServer } from "./transactions";
import { containsPattern } from "./like-pattern";
import type { Cadence } from "./runs";

import type { ScheduleStatus, SlotResult } from "@/lib/autopilot/schedule-status";
import { SCHEDULE_STATES, type ScheduleState } from "@/lib/autopilot/schedule-state";
import type { SchedulePolicy } from "@/lib/schedule/schedule-policy";

/** A row of autopilot_schedules with its specification's name, status and frequency. */
export type ScheduleRow = Schedule & SchedulePolicy & ScheduleDates & {
  id: string;
  specification_id: string;
  specification_name: string;
  specification_status: "active" | "inactive";
  specification_frequency: Cadence;
  workspace_id: string;
  created_by: string;
  created_by_user_id: string | null;
  schedule_name: string;
  categories_override: string[] | null;
  regions_override: string[] | null;
  cadence_override: Cadence | null;
  enabled: boolean;
  status: ScheduleStatus;
  /** What the person is told: derived from status, switch, specification and deliveries (see SCHEDULE_STATE_SQL). */
  state: ScheduleState;
  last_run_at: Date | null;
  last_run_status: SlotResult | null;
  last_run_error: string | null;
  next_run_at: Date;
  run_count: number;
  success_count: number;
  failure_count: number;
  consecutive_failures: number;
  locked_until: Date | null;
  notes: string | null;
  editor_summary: boolean;
  /** While a failed slot waits for its retry: that slot (next_run_at is then the retry's time). */
  retry_slot: Date | null;
  /** Runs after this schedule's run of the same slot succeeds (its timing is that schedule's). */
  depends_on_schedule_id: string | null;
  /** How long after the slot it waits for that success before it is skipped. */
  wait_minutes: number | null;
  /** The upstream's name, for what people read ("after “Morning import”"). */
  depends_on_name: string | null;
  /** A batch: the further specifications each slot also reports on, in order (empty: its own only). */
  batch_specification_ids: string[];
  /** Their names, in order (a specification deleted since is left out). */
  batch_specification_names: string[];
  paused_note: string | null;
  paused_until: Date | null;
  created_at: Date;
  updated_at: Date;
};

/** The dates a schedule runs between (either may be open). */
export interface ScheduleDates {
  starts_at: Date | null;
  ends_at: Date | null;
}

/**
 * Whether the latest report delivery to any current destination of schedule `s` failed, gave up, or waits for
 * a retry after a failure (test sends do not count). The same rule as isFailingDelivery.
 */
const DELIVERY_FAILING_SQL = `exists (
  select 1 from public.autopilot_destinations dest
  cross join lateral (
    select d.status, d.last_error from public.deliveries d
    where d.destination_id = dest.id and d.kind = 'report' and not d.is_test
    order by d.created_at desc limit 1) latest
  where dest.schedule_id = s.id
    and (latest.status in ('failed', 'gave_up') or (latest.status = 'pending' and latest.last_error is not null)))`;

/** A schedule's state (SCHEDULE_STATES), in their order of precedence; `s` joined to its specification `sp`. */
export const SCHEDULE_STATE_SQL = `case
  when s.status = 'completed' then 'ended'
  when s.status = 'error' or (s.enabled and sp.status = 'inactive') then 'error'
  when s.status = 'paused' then 'paused'
  when not s.enabled or s.status = 'cancelled' then 'off'
  when ${DELIVERY_FAILING_SQL} then 'delivery_failing'
  else 'active' end`;

export const SCHEDULE_COLUMNS = `s.id, s.specification_id, sp.name as specification_name, sp.status as specification_status,
  sp.frequency as specification_frequency, s.workspace_id, s.created_by, s.created_by_user_id,
  s.schedule_name, s.schedule_type, s.schedule_config, s.categories_override, s.regions_override, s.cadence_override,
  s.enabled, s.status, s.last_run_at, s.last_run_status, s.last_run_error, s.next_run_at, s.run_count, s.success_count,
  s.failure_count, s.consecutive_failures, s.locked_until, s.notes, s.editor_summary, s.created_at, s.updated_at,
  s.max_retries, s.retry_slot, s.only_when_new, s.skip_when_empty, s.catch_up_minutes, s.timeout_seconds, s.retention_days,
  s.retention_runs, s.pause_after_failures, s.paused_note, s.paused_until, s.starts_at, s.ends_at, s.depends_on_schedule_id, s.wait_minutes, s.batch_specification_ids,
  case when cardinality(s.batch_specification_ids) = 0 then '{}'::text[] else array(
    select b.name from public.newsletter_specifications b
    where b.workspace_id = s.workspace_id and b.id = any(s.batch_specification_ids)
    order by array_position(s.batch_specification_ids, b.id)) end as batch_specification_names,
  (select up.schedule_name from public.autopilot_schedules up where up.id = s.depends_on_schedule_id) as depends_on_name, (${SCHEDULE_STATE_SQL}) as state`;
/** Joins a schedule row `s` to its specification `sp`, whose columns SCHEDULE_COLUMNS include. */
export const SCHEDULE_SPEC_JOIN = "join public.newsletter_specifications sp on sp.id = s.specification_id";
export const SCHEDULE_FROM = `public.autopilot_schedules s ${SCHEDULE_SPEC_JOIN}`;

export interface ScheduleValues extends SchedulePolicy, ScheduleDates {
  specification_id: string;
  schedule_name: string;
  schedule_type: Schedule["schedule_type"];
  schedule_config: Schedule["schedule_config"];
  categories_override: string[] | null;
  regions_override: string[] | null;
  cadence_override: Cadence | null;
  enabled: boolean;
  notes: string | null;
  editor_summary: boolean;
  depends_on_schedule_id: string | null;
  wait_minutes: number | null;
  batch_specification_ids: string[];
  next_run_at: Date;
}

/** The columns a person writes, in the order `valueParams` lists them; the next run is the server's. */
function valueParams(values: ScheduleValues): unknown[] {
  return [
    values.specification_id,
    values.schedule_name,
    values.schedule_type,
    JSON.stringify(values.schedule_config),
    values.categories_override ? JSON.stringify(values.categories_override) : null,
    values.regions_override ? JSON.stringify(values.regions_override) : null,
    values.cadence_override,
    values.enabled,
    values.notes,
    values.max_retries,
    values.only_when_new,
    values.skip_when_empty,
    values.catch_up_minutes,
    values.timeout_seconds,
    values.retention_days,
    values.retention_runs,
    values.pause_after_failures,
    values.starts_at,
    values.ends_at,
    values.editor_summary,
    values.depends_on_schedule_id,
    values.wait_minutes,
    values.batch_specification_ids,
  ];
}

/**
 * Inserts the person's columns under their row-level security, then sets the next run as the server: people
 * may not write the engine's columns, and a schedule nobody computed a next run for never comes due.
 */
export async function insertSchedule(
  tx: Queryable,
  { workspaceId, createdBy, createdByUserId, values }: { workspaceId: string; createdBy: string; createdByUserId: string; values: ScheduleValues },
): Promise<ScheduleRow> {
  const { rows } = await tx.query<{ id: string }>(
    `insert into public.autopilot_schedules
       (workspace_id, created_by, created_by_user_id, specification_id, schedule_name, schedule_type, schedule_config,
        categories_override, regions_override, cadence_override, enabled, notes, max_retries, only_when_new,
        skip_when_empty, catch_up_minutes, timeout_seconds, retention_days, retention_runs, pause_after_failures, starts_at, ends_at,
        editor_summary, depends_on_schedule_id, wait_minutes, batch_specification_ids)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26::uuid[]) returning id`,
    [workspaceId, createdBy, createdByUserId, ...valueParams(values)],
  );
  const id = rows[0].id;
  await asServer(tx, () =>
    tx.query("update public.autopilot_schedules set next_run_at = $3 where workspace_id = $1 and id = $2", [workspaceId, id, values.next_run_at]),
  );
  return (await getSchedule(tx, { workspaceId, id }))!;
}

/** A change of state that comes with a save: resume, pause (with a note, optionally until a date), or end. */
export type StatusChange = { status: "active" } | { status: "paused"; note: string | null; until: Date | null } | { status: "completed" };

/**
 * Replaces the editable values, and the state when `change` says so. Becoming active starts the failure
 * streak over and forgets the pause. `moved` (the next slot was computed again) drops a pending retry: the
 * failed run it belonged to stays failed.
 */
export async function updateScheduleValues(
  tx: Queryable,
  { workspaceId, id, values, change, moved }: { workspaceId: string; id: string; values: ScheduleValues; change: StatusChange | null; moved: boolean },
): Promise<ScheduleRow | null> {
  // The engine's columns first, while `status` is still the old one (a schedule that becomes active again
  // forgets its last error). The person's update below is the one row-level security checks; when it finds
  // no row the caller answers 404 and the transaction, with this, is rolled back.
  await asServer(tx, async () => {
    await tx.query(
      `update public.autopilot_schedules set
         next_run_at = $3,
         consecutive_failures = case when $4 = 'active' then 0 else consecutive_failures end,
         last_run_error = case when $4 = 'active' and status <> 'active' then null else last_run_error end,
         retry_slot = case when $5 or $4 = 'paused' then null else retry_slot end,
         waiting_slot = case when $5 or $4 = 'paused' then null else waiting_slot end
       where workspace_id = $1 and id = $2`,
      [workspaceId, id, values.next_run_at, change?.status ?? null, moved],
    );
    if (moved || change?.status === "paused") {
      await tx.query("update public.newsletter_runs set retry_at = null where workspace_id = $1 and autopilot_schedule_id = $2 and retry_at is not null", [workspaceId, id]);
    }
  });
  const { rowCount } = await tx.query(
    `update public.autopilot_schedules set
       specification_id = $3, schedule_name = $4, schedule_type = $5, schedule_config = $6, categories_override = $7,
       regions_override = $8, cadence_override = $9, enabled = $10, notes = $11, max_retries = $12,
       only_when_new = $13, skip_when_empty = $14, catch_up_minutes = $15, timeout_seconds = $16, retention_days = $17,
       retention_runs = $18, pause_after_failures = $19, starts_at = $20, ends_at = $21, editor_summary = $22,
       depends_on_schedule_id = $23, wait_minutes = $24, batch_specification_ids = $25::uuid[],
       status = coalesce($26, status),
       paused_note = case when $26 = 'paused' then $27 when $26 is not null then null else paused_note end,
       paused_until = case when $26 = 'paused' then $28::timestamptz when $26 is not null then null else paused_until end,
       updated_at = now()
     where workspace_id = $1 and id = $2`,
    [
      workspaceId,
      id,
      ...valueParams(values),
      change?.status ?? null,
      change?.status === "paused" ? change.note : null,
      change?.status === "paused" ? change.until : null,
    ],
  );
  if (!rowCount) return null;
  return getSchedule(tx, { workspaceId, id });
}

export async function getSchedule(tx: Queryable, { workspaceId, id }: { workspaceId: string; id: string }): Promise<ScheduleRow | null> {
  const { rows } = await tx.query<ScheduleRow>(`select ${SCHEDULE_COLUMNS} from ${SCHEDULE_FROM} where s.workspace_id = $1 and s.id = $2`, [workspaceId, id]);
  return rows[0] ?? null;
}

/** The schedules on a specification, by name (only the enabled ones with `enabledOnly`). */
export async function listSchedulesOfSpecification(
  tx: Queryable,
  { workspaceId, specificationId, enabledOnly = true }: { workspaceId: string; specificationId: string; enabledOnly?: boolean },
): Promise<{ id: string; schedule_name: string; created_by_user_id: string | null }[]> {
  const { rows } = await tx.query<{ id: string; schedule_name: string; created_by_user_id: string | null }>(
    `select id, schedule_name, created_by_user_id from public.autopilot_schedules
     where workspace_id = $1 and specification_id = $2 and ($3::boolean is false or enabled) order by schedule_name`,
    [workspaceId, specificationId, enabledOnly],
  );
  return rows;
}

export async function deleteSchedule(tx: Queryable, { workspaceId, id }: { workspaceId: string; id: string }): Promise<boolean> {
  const { rowCount } = await tx.query("delete from public.autopilot_schedules where workspace_id = $1 and id = $2", [workspaceId, id]);
  return rowCount > 0;
}

export async function countSchedules(tx: Queryable, { workspaceId }: { workspaceId: string }): Promise<number> {
  const { rows } = await tx.query<{ n: number }>("select count(*)::int as n from public.autopilot_schedules where workspace_id = $1", [workspaceId]);
  return rows[0].n;
}

const SORT_COLUMNS: Record<ScheduleListQuery["sort"], string> = {
  schedule_name: "lower(s.schedule_name)",
  next_run_at: "s.next_run_at",
  last_run_at: "s.last_run_at",
  created_at: "s.created_at",
  success_count: "s.success_count",
  failure_count: "s.failure_count",
  specification_name: "lower(sp.name)",
  // In the states' own order (SCHEDULE_STATES), not alphabetically.
  state: `array_position(array[${SCHEDULE_STATES.map((state) => `'${state}'`).join(", ")}], (${SCHEDULE_STATE_SQL}))`,
};

export async function listSchedules(
  tx: Queryable,
  { workspaceId, query }: { workspaceId: string; query: ScheduleListQuery },
): Promise<{ items: ScheduleRow[]; total: number }> {
  const where = ["s.workspace_id = $1"];
  const params: unknown[] = [workspaceId];
  if (query.status) where.push(`s.status = $${params.push(query.status)}`);
  if (query.state) where.push(`(${SCHEDULE_STATE_SQL}) = $${params.push(query.state)}`);
  if (query.enabled !== undefined) where.push(`s.enabled = $${params.push(query.enabled)}`);
  if (query.specification_id) where.push(`s.specification_id = $${params.push(query.specification_id)}`);
  if (query.q) where.push(`s.schedule_name ilike $${params.push(containsPattern(query.q))}`);
  const filter = where.join(" and ");
  const total = await tx.query<{ n: number }>(`select count(*)::int as n from ${SCHEDULE_FROM} where ${filter}`, params);
  // The sort column comes from a fixed table, never from the request text.
  const order = `${SORT_COLUMNS[query.sort]} ${query.order === "desc" ? "desc" : "asc"} nulls last, s.id`;
  const { rows } = await tx.query<ScheduleRow>(
    `select ${SCHEDULE_COLUMNS} from ${SCHEDULE_FROM} where ${filter} order by ${order} limit $${params.length + 1} offset $${params.length + 2}`,
    [...params, query.limit, query.offset],
  );
  return { items: rows, total: total.rows[0].n };
}

/** The schedules that run after `id`. */
export async function listDependents(tx: Queryable, { workspaceId, id }: { workspaceId: string; id: string }): Promise<{ id: string; starts_at: Date | null; ends_at: Date | null }[]> {
  const { rows } = await tx.query<{ id: string; starts_at: Date | null; ends_at: Date | null }>(
    "select id, starts_at, ends_at from public.autopilot_schedules where workspace_id = $1 and depends_on_schedule_id = $2 order by id",
    [workspaceId, id],
  );
  return rows;
}

/** A dependent follows its upstream's new timing; its wait at an old slot, if any, ends (null next run: completed). */
export async function setDependentTiming(
  tx: Queryable,
  { workspaceId, id, timing, nextRunAt }: { workspaceId: string; id: string; timing: Schedule; nextRunAt: Date | null },
): Promise<void> {
  await asServer(tx, () =>
    tx.query(
      `update public.autopilot_schedules set schedule_type = $3, schedule_config = $4, next_run_at = coalesce($5, next_run_at),
         status = case when $5::timestamptz is null then 'completed' else status end, waiting_slot = null, updated_at = now()
       where workspace_id = $1 and id = $2`,
      [workspaceId, id, timing.schedule_type, JSON.stringify(timing.schedule_config), nextRunAt],
    ),
  );
}

/** Every schedule's name and timing, by name: what choices and labels need, without the list's state and counts. */
export async function listScheduleTimings(tx: Queryable, { workspaceId }: { workspaceId: string }): Promise<(Schedule & { id: string; schedule_name: string })[]> {
  const { rows } = await tx.query<Schedule & { id: string; schedule_name: string }>(
    "select id, schedule_name, schedule_type, schedule_config from public.autopilot_schedules where workspace_id = $1 order by schedule_name, id",
    [workspaceId],
  );
  return rows;
}

/** Every schedule of a workspace by name (schedules as code: export, and matching an import by name). */
export async function listAllSchedules(tx: Queryable, { workspaceId }: { workspaceId: string }): Promise<ScheduleRow[]> {
  const { rows } = await tx.query<ScheduleRow>(`select ${SCHEDULE_COLUMNS} from ${SCHEDULE_FROM} where s.workspace_id = $1 order by s.schedule_name, s.id`, [workspaceId]);
  return rows;
}

/**
 * The schedules of a workspace that will run at their slots (switched on, active, specification active), the
 * soonest first, at most `limit`; and the paused ones (they make no runs until resumed).
 */
export async function listCalendarSchedules(tx: Queryable, { workspaceId, limit }: { workspaceId: string; limit: number }): Promise<{ running: ScheduleRow[]; paused: ScheduleRow[]; more: number }> {
  const running = await tx.query<ScheduleRow>(
    `select ${SCHEDULE_COLUMNS} from ${SCHEDULE_FROM}
     where s.workspace_id = $1 and s.enabled and s.status = 'active' and sp.status = 'active'
     order by s.next_run_at, s.id limit $2`,
    [workspaceId, limit + 1],
  );
  const paused = await tx.query<ScheduleRow>(
    `select ${SCHEDULE_COLUMNS} from ${SCHEDULE_FROM} where s.workspace_id = $1 and s.enabled and s.status = 'paused' order by s.schedule_name, s.id limit 50`,
    [workspaceId],
  );
  return { running: running.rows.slice(0, limit), paused: paused.rows, more: Math.max(0, running.rows.length - limit) };
}

/** What a forecast needs of a schedule: what decides its slots, and whether its runs use up a period. */
export type ScheduleTiming = Schedule &
  ScheduleDates &
  Pick<ScheduleRow, "id" | "specification_id" | "schedule_name" | "next_run_at" | "cadence_override">;

/**
 * The schedules that will run on these specifications (switched on, active, specification active): forecasts
 * weigh them all. Only their timing is read: a specification may have thousands.
 */
export async function listRunningSchedulesOfSpecifications(
  tx: Queryable,
  { workspaceId, specificationIds }: { workspaceId: string; specificationIds: string[] },
): Promise<ScheduleTiming[]> {
  if (specificationIds.length === 0) return [];
  const { rows } = await tx.query<ScheduleTiming>(
    `select s.id, s.specification_id, s.schedule_name, s.schedule_type, s.schedule_config, s.starts_at, s.ends_at, s.next_run_at, s.cadence_override
     from ${SCHEDULE_FROM}
     where s.workspace_id = $1 and s.specification_id = any($2::uuid[]) and s.enabled and s.status = 'active' and sp.status = 'active'`,
    [workspaceId, specificationIds],
  );
  return rows;
}

/** The running batch schedules that also report on any of these specifications, with their timing and batch. */
export async function listRunningBatchesOfSpecifications(
  tx: Queryable,
  { workspaceId, specificationIds }: { workspaceId: string; specificationIds: string[] },
): Promise<(ScheduleTiming & { batch_specification_ids: string[] })[]> {
  if (specificationIds.length === 0) return [];
  const { rows } = await tx.query<ScheduleTiming & { batch_specification_ids: string[] }>(
    `select s.id, s.specification_id, s.schedule_name, s.schedule_type, s.schedule_config, s.starts_at, s.ends_at, s.next_run_at, s.cadence_override,
            s.batch_specification_ids
     from ${SCHEDULE_FROM}
     where s.workspace_id = $1 and s.batch_specification_ids && $2::uuid[] and s.enabled and s.status = 'active' and sp.status = 'active'`,
    [workspaceId, specificationIds],
  );
  return rows;
}

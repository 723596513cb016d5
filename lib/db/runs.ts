import type { Queryable } from "./database";

export type RunStatus = "queued" | "running" | "success" | "failed" | "skipped";
export type RunTrigger = "manual" | "autopilot" | "test";
export type Cadence = "daily" | "weekly" | "monthly";

export interface Run {
  id: string;
  workspace_id: string;
  specification_id: string | null;
  specification_name: string;
  autopilot_schedule_id: string | null;
  trigger: RunTrigger;
  status: RunStatus;
  scheduled_for: Date | null;
  missed_slots: number;
  categories: string[];
  regions: string[];
  cadence: Cadence | null;
  cadence_overridden: boolean;
  period_start: Date | null;
  period_end: Date | null;
  item_count: number | null;
  error: string | null;
  notes: string[];
  created_by: string | null;
  created_by_email: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  duration_ms: number | null;
  has_report?: boolean;
}

const COLUMNS = `r.id, r.workspace_id, r.specification_id, r.specification_name, r.autopilot_schedule_id, r.trigger,
  r.status, r.scheduled_for, r.missed_slots, r.categories, r.regions, r.cadence, r.cadence_overridden, r.period_start, r.period_end,
  r.item_count, r.error, r.notes, r.created_by, r.created_by_email, r.created_at, r.started_at, r.finished_at,
  r.duration_ms, exists (select 1 from public.report_files f where f.run_id = r.id) as has_report`;

export interface NewRun {
  workspaceId: string;
  specificationId: string;
  specificationName: string;
  trigger: RunTrigger;
  autopilotScheduleId?: string | null;
  scheduledFor?: Date | null;
  missedSlots?: number;
  categories: string[];
  regions: string[];
  cadence: Cadence;
  cadenceOverridden?: boolean;
  periodStart: Date;
  periodEnd: Date;
  createdBy?: string | null;
  createdByEmail?: string | null;
  status?: RunStatus;
}

/**
 * Records a run that starts now. With a schedule slot, a second insert for the same slot returns null
 * instead of a row: the unique (autopilot_schedule_id, scheduled_for) key decides who runs the slot.
 */
export async function insertRun(tx: Queryable, run: NewRun): Promise<Run | null> {
  const { rows } = await tx.query<Run>(
    `with inserted as (
       insert into public.newsletter_runs
         (workspace_id, specification_id, specification_name, trigger, autopilot_schedule_id, scheduled_for,
          missed_slots, categories, regions, cadence, period_start, period_end, created_by, created_by_email,
          status, cadence_overridden, started_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, now())
       on conflict (autopilot_schedule_id, scheduled_for) do nothing
       returning *
     )
     select ${COLUMNS} from inserted r`,
    [
      run.workspaceId,
      run.specificationId,
      run.specificationName,
      run.trigger,
      run.autopilotScheduleId ?? null,
      run.scheduledFor ?? null,
      run.missedSlots ?? 0,
      JSON.stringify(run.categories),
      JSON.stringify(run.regions),
      run.cadence,
      run.periodStart,
      run.periodEnd,
      run.createdBy ?? null,
      run.createdByEmail ?? null,
      run.status ?? "running",
      run.cadenceOverridden ?? false,
    ],
  );
  return rows[0] ?? null;
}

/** Ends a run: status, counts, error and notes, with its duration measured by the database clock. */
export async function finishRun(
  tx: Queryable,
  { id, status, itemCount, error, notes }: { id: string; status: RunStatus; itemCount?: number | null; error?: string | null; notes?: string[] },
): Promise<Run> {
  const { rows } = await tx.query<Run>(
    `with updated as (
       update public.newsletter_runs set
         status = $2, item_count = $3, error = $4, notes = coalesce($5::jsonb, notes),
         finished_at = clock_timestamp(),
         duration_ms = greatest(0, round(extract(epoch from clock_timestamp() - coalesce(started_at, created_at)) * 1000))::int
       where id = $1
       returning *
     )
     select ${COLUMNS} from updated r`,
    [id, status, itemCount ?? null, error ?? null, notes ? JSON.stringify(notes) : null],
  );
  return rows[0];
}

export async function getRun(tx: Queryable, { workspaceId, id }: { workspaceId: string; id: string }): Promise<Run | null> {
  const { rows } = await tx.query<Run>(`select ${COLUMNS} from public.newsletter_runs r where r.workspace_id = $1 and r.id = $2`, [
    workspaceId,
    id,
  ]);
  return rows[0] ?? null;
}

export interface RunFilters {
  status?: RunStatus;
  trigger?: RunTrigger;
  specificationId?: string;
  scheduleId?: string;
  limit: number;
  offset: number;
}

export async function listRuns(
  tx: Queryable,
  { workspaceId, filters }: { workspaceId: string; filters: RunFilters },
): Promise<{ items: Run[]; total: number }> {
  const where = ["r.workspace_id = $1"];
  const params: unknown[] = [workspaceId];
  if (filters.status) where.push(`r.status = $${params.push(filters.status)}`);
  if (filters.trigger) where.push(`r.trigger = $${params.push(filters.trigger)}`);
  if (filters.specificationId) where.push(`r.specification_id = $${params.push(filters.specificationId)}`);
  if (filters.scheduleId) where.push(`r.autopilot_schedule_id = $${params.push(filters.scheduleId)}`);
  const filter = where.join(" and ");
  const total = await tx.query<{ n: number }>(`select count(*)::int as n from public.newsletter_runs r where ${filter}`, params);
  const { rows } = await tx.query<Run>(
    `select ${COLUMNS} from public.newsletter_runs r where ${filter}
     order by r.created_at desc, r.id limit $${params.length + 1} offset $${params.length + 2}`,
    [...params, filters.limit, filters.offset],
  );
  return { items: rows, total: total.rows[0].n };
}

/**
 * The latest successful run of a specification at its own cadence (what the frequency limit counts from).
 * Test runs and cadence-overridden runs are outside that rhythm and do not count.
 */
export async function lastSuccessfulRun(
  tx: Queryable,
  { specificationId, before }: { specificationId: string; before: Date },
): Promise<{ id: string; finished_at: Date } | null> {
  const { rows } = await tx.query<{ id: string; finished_at: Date }>(
    `select id, finished_at from public.newsletter_runs
     where specification_id = $1 and status = 'success' and not cadence_overridden and trigger <> 'test'
       and finished_at <= $2
     order by finished_at desc limit 1`,
    [specificationId, before],
  );
  return rows[0] ?? null;
}

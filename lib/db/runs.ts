import "server-only";
import { randomUUID } from "node:crypto";
import type { Queryable } from "./database";

import type { RunStatus, RunTrigger } from "@/lib/runs/run-status";
import { frequencyPeriod } from "@/lib/schedule/frequency-period";
import { inBatchOrder } from "@/lib/runs/batch-order";
import type { Frequency } from "@/lib/schedule/frequency";
import { encodeRunCursor, type RunPosition } from "@/lib/runs/run-cursor";

/** The period a report covers (the specification's frequency, or a cadence override). */
export type Cadence = Frequency;
export type { RunStatus, RunTrigger };

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
  /** The specification's frequency period this run's report uses up; null when it does not count. */
  frequency_period: string | null;
  /** Past this instant an unfinished run is failed "timed out". */
  deadline_at: Date | null;
  /** 1 for a slot's first run; each retry of a failed slot runs the same row again with the next number. */
  attempt: number;
  /** The slot's earlier attempts, oldest first. */
  attempts: RunAttempt[];
  /** While a failed attempt waits to be tried again: when. */
  retry_at: Date | null;
  /** What the editor's summary cost (null: none was asked for), and why the report shipped without it. */
  summary_tokens?: number | null;
  summary_ms?: number | null;
  summary_note?: string | null;
  has_report?: boolean;
  /** A batch schedule's further report of its slot (1–9); null for the slot's own run and every other run. */
  batch_position?: number | null;
  /** A further report of a batch's Test run: the lead test run it goes with. */
  batch_lead_run_id?: string | null;
}

export interface RunAttempt {
  attempt: number;
  started_at: string | null;
  finished_at: string | null;
  error: string | null;
}

export const RUN_FIELDS = `r.id, r.workspace_id, r.specification_id, r.specification_name, r.autopilot_schedule_id, r.trigger,
  r.status, r.scheduled_for, r.missed_slots, r.categories, r.regions, r.cadence, r.cadence_overridden, r.period_start, r.period_end,
  r.item_count, r.error, r.notes, r.created_by, r.created_by_email, r.created_at, r.started_at, r.finished_at,
  r.duration_ms, r.frequency_period, r.deadline_at, r.attempt, r.attempts, r.retry_at, r.summary_tokens, r.summary_ms, r.summary_note, r.batch_position, r.batch_lead_run_id`;
const COLUMNS = `${RUN_FIELDS}, exists (select 1 from public.report_files f where f.run_id = r.id) as has_report`;

export interface NewRun {
  /** Chosen by the caller when it must know the id before the row is written; a new one otherwise. */
  id?: string;
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
  frequencyPeriod?: string | null;
  startedAt: Date;
  deadlineAt?: Date | null;
  /** For runs recorded already ended (skipped, failed before start, or generated before their start was written). */
  error?: string | null;
  itemCount?: number | null;
  notes?: string[];
  /** When an ended run ended; its start otherwise. */
  finishedAt?: Date | null;
  itemKeys?: string[] | null;
  /** One of a batch schedule's further reports of its slot (1–9, after the slot's own run). */
  batchPosition?: number | null;
  /** A further report of a batch's Test run: the test run of the schedule's own report that it goes with. */
  batchLeadRunId?: string | null;
}

/** Why the database refused a run: each unique rule the runs table enforces. */
export type RunConflict = "slot_taken" | "period_taken" | "test_in_progress";

export type InsertRunResult = { run: Run; conflict?: undefined } | { run?: undefined; conflict: RunConflict };

/**
 * Records a run. The database's unique rules decide races: one run per schedule slot, one report in progress
 * or done per specification and frequency period, one test run in progress per schedule. A refused insert
 * writes nothing and says which rule refused it (ON CONFLICT without a target covers every unique index, so
 * the caller's transaction stays usable).
 */
export async function insertRun(tx: Queryable, run: NewRun): Promise<InsertRunResult> {
  const [inserted] = await insertRuns(tx, [run]);
  return inserted ? { run: inserted } : { conflict: await whichConflict(tx, run) };
}

export async function whichConflict(tx: Queryable, run: NewRun): Promise<RunConflict> {
  const { rows } = await tx.query<{ slot: boolean; period: boolean }>(
    `select
       exists (select 1 from public.newsletter_runs where $1::uuid is not null and autopilot_schedule_id = $1 and scheduled_for = $2 and batch_position is null) as slot,
       exists (select 1 from public.newsletter_runs where $3::text is not null and specification_id = $4 and frequency_period = $3
               and status in ('running', 'success')) as period`,
    [run.autopilotScheduleId ?? null, run.scheduledFor ?? null, run.frequencyPeriod ?? null, run.specificationId],
  );
  if (rows[0].slot) return "slot_taken";
  if (rows[0].period) return "period_taken";
  return "test_in_progress";
}

/** Input of a set-based insert: one JSON array, unpacked by jsonb_to_recordset (one statement for a batch). */
const RUN_RECORD = `x(id uuid, workspace_id uuid, specification_id uuid, specification_name text, trigger text, autopilot_schedule_id uuid,
  scheduled_for timestamptz, missed_slots int, categories jsonb, regions jsonb, cadence text, cadence_overridden boolean,
  period_start timestamptz, period_end timestamptz, created_by uuid, created_by_email text, status text,
  started_at timestamptz, frequency_period text, deadline_at timestamptz, error text, item_count int, notes jsonb,
  finished_at timestamptz, item_keys text[], batch_position smallint, batch_lead_run_id uuid)`;

function runRecord(run: NewRun) {
  return {
    id: run.id ?? randomUUID(),
    workspace_id: run.workspaceId,
    specification_id: run.specificationId,
    specification_name: run.specificationName,
    trigger: run.trigger,
    autopilot_schedule_id: run.autopilotScheduleId ?? null,
    scheduled_for: run.scheduledFor ?? null,
    missed_slots: run.missedSlots ?? 0,
    categories: run.categories,
    regions: run.regions,
    cadence: run.cadence,
    cadence_overridden: run.cadenceOverridden ?? false,
    period_start: run.periodStart,
    period_end: run.periodEnd,
    created_by: run.createdBy ?? null,
    created_by_email: run.createdByEmail ?? null,
    status: run.status ?? "running",
    started_at: run.startedAt,
    frequency_period: run.frequencyPeriod ?? null,
    deadline_at: run.deadlineAt ?? null,
    error: run.error ?? null,
    item_count: run.itemCount ?? null,
    notes: run.notes ?? [],
    finished_at: run.status && run.status !== "running" ? (run.finishedAt ?? run.startedAt) : null,
    item_keys: run.itemKeys ?? null,
    batch_position: run.batchPosition ?? null,
    batch_lead_run_id: run.batchLeadRunId ?? null,
  };
}

/** The run a just-inserted record is: what was written, with the database's defaults (built field by field: batches are large). */
function writtenRun(record: ReturnType<typeof runRecord>, createdAt: Date): Run {
  return {
    id: record.id,
    workspace_id: record.workspace_id,
    specification_id: record.specification_id,
    specification_name: record.specification_name,
    autopilot_schedule_id: record.autopilot_schedule_id,
    trigger: record.trigger,
    status: record.status,
    scheduled_for: record.scheduled_for,
    missed_slots: record.missed_slots,
    categories: record.categories,
    regions: record.regions,
    cadence: record.cadence,
    cadence_overridden: record.cadence_overridden,
    period_start: record.period_start,
    period_end: record.period_end,
    item_count: record.item_count,
    error: record.error,
    notes: record.notes,
    created_by: record.created_by,
    created_by_email: record.created_by_email,
    created_at: createdAt,
    started_at: record.started_at,
    finished_at: record.finished_at,
    duration_ms: record.finished_at ? Math.max(0, record.finished_at.getTime() - record.started_at.getTime()) : null,
    frequency_period: record.frequency_period,
    deadline_at: record.deadline_at,
    attempt: 1,
    attempts: [],
    retry_at: null,
    has_report: false,
    batch_position: record.batch_position,
    batch_lead_run_id: record.batch_lead_run_id,
  };
}

/** The run `run` will be once written (as `insertRuns` returns it), for work that starts before it is written. */
export function plannedRun(run: NewRun & { id: string }, createdAt: Date): Run {
  return writtenRun(runRecord(run), createdAt);
}

/**
 * Records many runs in one statement. Rows the unique rules refuse (slot taken, period held, test run in
 * progress) are left out of the result; the caller finds which with `whichConflict`. Only the ids come back:
 * the rest of each run is what was sent, so a large batch costs no more to read back than to write.
 */
export async function insertRuns(tx: Queryable, runs: NewRun[]): Promise<Run[]> {
  if (runs.length === 0) return [];
  const records = runs.map(runRecord);
  const { rows } = await tx.query<{ id: string; created_at: Date }>(
    `insert into public.newsletter_runs
       (id, workspace_id, specification_id, specification_name, trigger, autopilot_schedule_id, scheduled_for,
        missed_slots, categories, regions, cadence, period_start, period_end, created_by, created_by_email,
        status, cadence_overridden, started_at, frequency_period, deadline_at, error, item_count, notes, item_keys,
        finished_at, duration_ms, batch_position, batch_lead_run_id)
     select id, workspace_id, specification_id, specification_name, trigger, autopilot_schedule_id, scheduled_for,
            missed_slots, categories, regions, cadence, period_start, period_end, created_by, created_by_email,
            status, cadence_overridden, started_at, frequency_period, deadline_at, error, item_count, notes, item_keys,
            finished_at, greatest(0, round(extract(epoch from finished_at - started_at) * 1000))::int, batch_position, batch_lead_run_id
     from json_to_recordset($1::json) as ${RUN_RECORD}
     on conflict do nothing
     returning id, created_at`,
    [JSON.stringify(records)],
  );
  const byId = new Map(records.map((record) => [record.id, record]));
  return rows.map((row) => writtenRun(byId.get(row.id)!, row.created_at));
}

export interface RunResult {
  id: string;
  /** skipped: a scheduled run whose report would say nothing new (or nothing), by the schedule's policy. */
  status: "success" | "failed" | "skipped";
  itemCount: number | null;
  error: string | null;
  notes: string[];
  finishedAt: Date;
  /** A successful report's item fingerprints, for the next run's "only when new" comparison. */
  itemKeys?: string[] | null;
  /** A failure that trying again cannot fix (the specification is gone): never retried. */
  permanent?: boolean;
}

/**
 * Ends many runs in one statement, each only if still running (recovery may have failed it "timed out" after
 * its deadline: then its late result is discarded). Returns the runs it ended: each as it was started with its
 * result applied (only the duration, measured by the database, is read back).
 */
export async function finishRuns(tx: Queryable, results: (RunResult & { run: Run })[]): Promise<Run[]> {
  if (results.length === 0) return [];
  const { rows } = await tx.query<{ id: string; duration_ms: number }>(
    `update public.newsletter_runs r set
       status = x.status, item_count = x.item_count, error = x.error, notes = x.notes, finished_at = x.finished_at, item_keys = x.item_keys,
       duration_ms = greatest(0, round(extract(epoch from x.finished_at - coalesce(r.started_at, r.created_at)) * 1000))::int
     from jsonb_to_recordset($1::jsonb) as x(id uuid, status text, item_count int, error text, notes jsonb, finished_at timestamptz, item_keys text[])
     where r.id = x.id and r.status = 'running'
     returning r.id, r.duration_ms`,
    [
      JSON.stringify(
        results.map((r) => ({ id: r.id, status: r.status, item_count: r.itemCount, error: r.error, notes: r.notes, finished_at: r.finishedAt, item_keys: r.itemKeys ?? null })),
      ),
    ],
  );
  const byId = new Map(results.map((result) => [result.id, result]));
  return rows.map((row) => {
    const { run, status, itemCount, error, notes, finishedAt } = byId.get(row.id)!;
    return { ...run, status, item_count: itemCount, error, notes, finished_at: finishedAt, duration_ms: row.duration_ms, has_report: false };
  });
}

/** The run that holds a specification's frequency period (in progress or done), if any. */
export async function findRunInPeriod(
  tx: Queryable,
  { specificationId, period }: { specificationId: string; period: string },
): Promise<Pick<Run, "id" | "trigger" | "status" | "autopilot_schedule_id" | "finished_at" | "created_at"> | null> {
  const { rows } = await tx.query<Pick<Run, "id" | "trigger" | "status" | "autopilot_schedule_id" | "finished_at" | "created_at">>(
    `select id, trigger, status, autopilot_schedule_id, finished_at, created_at from public.newsletter_runs
     where specification_id = $1 and frequency_period = $2 and status in ('running', 'success')
     limit 1`,
    [specificationId, period],
  );
  return rows[0] ?? null;
}


/**
 * What a schedule's latest successful scheduled report of this specification held (for "only when new" and
 * what changed), if it has one: a batch schedule's reports are each compared with their own specification's.
 */
export async function findLastReportKeys(
  tx: Queryable,
  { workspaceId, scheduleId, specificationId }: { workspaceId: string; scheduleId: string; specificationId: string | null },
): Promise<{ finished_at: Date; item_keys: string[] } | null> {
  const { rows } = await tx.query<{ finished_at: Date; item_keys: string[] }>(
    `select finished_at, item_keys from public.newsletter_runs
     where workspace_id = $1 and autopilot_schedule_id = $2 and trigger = 'autopilot' and status = 'success' and item_keys is not null
       and specification_id is not distinct from $3
     order by scheduled_for desc limit 1`,
    [workspaceId, scheduleId, specificationId],
  );
  return rows[0] ?? null;
}

/** A schedule's latest successful run with a stored report (what a test delivery shows), if any. */
export async function findLatestReportRun(tx: Queryable, { workspaceId, scheduleId }: { workspaceId: string; scheduleId: string }): Promise<Run | null> {
  const { rows } = await tx.query<Run>(
    `select ${RUN_FIELDS}, true as has_report from public.newsletter_runs r
     where r.workspace_id = $1 and r.autopilot_schedule_id = $2 and r.status = 'success'
       and exists (select 1 from public.report_files f where f.run_id = r.id)
     order by r.finished_at desc limit 1`,
    [workspaceId, scheduleId],
  );
  return rows[0] ?? null;
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
  /** Where the page starts: a keyset position (any depth at the cost of the first page), or a short offset. */
  position?: RunPosition;
  offset?: number;
}

/** A page of a run list, newest first, with cursors to the pages beside it and a count capped for speed. */
export interface RunPage {
  items: Run[];
  /** How many runs match, counted up to RUN_COUNT_CAP; past it, total is the cap and total_capped is true ("10,000+"). */
  total: number;
  total_capped: boolean;
  /** The page of older runs (null: this page ends the list). */
  next_cursor: string | null;
  /** The page of newer runs (null: this page starts the list). */
  previous_cursor: string | null;
}

function withoutCursorAt({ cursor_at, ...run }: Run & { cursor_at: string }): Run {
  void cursor_at;
  return run;
}

/** Counting stops here: a count of every run of a large workspace reads the whole index, and nobody pages that far by number. */
export const RUN_COUNT_CAP = 10_000;

/**
 * A page of a workspace's runs (or one schedule's), newest first by (created_at, id). Each filter has an index
 * that leads with it and ends with that order, so a page reads only its own rows, however deep the cursor.
 */
export async function listRuns(tx: Queryable, { workspaceId, filters }: { workspaceId: string; filters: RunFilters }): Promise<RunPage> {
  const params: unknown[] = [workspaceId];
  // A schedule's or a specification's runs are found by it alone, the workspace checked on the schedule or
  // specification: with the workspace as a second condition on runs, the generic plan Postgres caches for a
  // prepared statement after five calls intersects it with the workspace's whole index (a million entries).
  const where = filters.scheduleId
    ? [`r.autopilot_schedule_id = (select s.id from public.autopilot_schedules s where s.id = $${params.push(filters.scheduleId)} and s.workspace_id = $1)`]
    : filters.specificationId
      ? [`r.specification_id = (select sp.id from public.newsletter_specifications sp where sp.id = $${params.push(filters.specificationId)} and sp.workspace_id = $1)`]
      : ["r.workspace_id = $1"];
  if (filters.scheduleId && filters.specificationId) where.push(`r.specification_id = $${params.push(filters.specificationId)}`);
  if (filters.status) where.push(`r.status = $${params.push(filters.status)}`);
  if (filters.trigger) where.push(`r.trigger = $${params.push(filters.trigger)}`);
  const filter = where.join(" and ");
  const counted = await tx.query<{ n: number }>(
    `select count(*)::int as n from (select 1 from public.newsletter_runs r where ${filter} limit ${RUN_COUNT_CAP + 1}) x`,
    params,
  );
  const total = Math.min(counted.rows[0].n, RUN_COUNT_CAP);
  const position = filters.position;
  // Newest first from the start or past a cursor; oldest first toward a cursor or from the end (then reversed).
  const ascending = position?.toward === "newer" || position?.toward === "oldest";
  const keyset = [...where];
  const pageParams = [...params];
  if (position && position.toward !== "oldest") {
    const edge = `($${pageParams.push(position.createdAt)}::timestamptz, $${pageParams.push(position.id)}::uuid)`;
    keyset.push(`(r.created_at, r.id) ${position.toward === "older" ? "<" : ">"} ${edge}`);
  }
  const order = ascending ? "r.created_at, r.id" : "r.created_at desc, r.id desc";
  const { rows } = await tx.query<Run & { cursor_at: string }>(
    `select ${COLUMNS}, r.created_at::text as cursor_at from public.newsletter_runs r where ${keyset.join(" and ")}
     order by ${order} limit $${pageParams.push(filters.limit + 1)} offset $${pageParams.push(position ? 0 : (filters.offset ?? 0))}`,
    pageParams,
  );
  const more = rows.length > filters.limit;
  const page = rows.slice(0, filters.limit);
  if (ascending) page.reverse();
  const cursorAt = (run: (typeof page)[number], toward: "older" | "newer") => encodeRunCursor({ toward, createdAt: run.cursor_at, id: run.id });
  const first = page[0];
  const last = page[page.length - 1];
  const hasOlder = ascending ? position?.toward === "newer" : more;
  const hasNewer = ascending ? more : Boolean(position) || (filters.offset ?? 0) > 0;
  return {
    items: inBatchOrder(page.map(withoutCursorAt)),
    total,
    total_capped: counted.rows[0].n > RUN_COUNT_CAP,
    next_cursor: hasOlder && last ? cursorAt(last, "older") : null,
    previous_cursor: hasNewer && first ? cursorAt(first, "newer") : null,
  };
}

/** A frequency period held by a running or successful run, and what holds it. */
export interface HeldPeriod {
  specification_id: string;
  frequency_period: string;
  trigger: RunTrigger;
  schedule_name: string | null;
  /** The holding run's schedule's zone (null: a run without a schedule). */
  schedule_time_zone: string | null;
  created_by_email: string | null;
  held_at: Date;
}

/**
 * The periods that runs of these specifications hold and that are not over: keys of one frequency sort in
 * time order ("weekly:2026-W49" < "weekly:2026-W50"), so a range from the period two days ago (any zone is
 * within a day of UTC) finds them through the one-report-per-period index, whatever the clock.
 */
export async function listHeldPeriods(
  tx: Queryable,
  { workspaceId, specifications, now }: { workspaceId: string; specifications: { id: string; frequency: Frequency }[]; now: Date },
): Promise<HeldPeriod[]> {
  if (specifications.length === 0) return [];
  const since = new Date(now.getTime() - 2 * 86_400_000);
  const { rows } = await tx.query<HeldPeriod>(
    `select r.specification_id, r.frequency_period, r.trigger, s.schedule_name, s.schedule_config->>'timezone' as schedule_time_zone, r.created_by_email, coalesce(r.scheduled_for, r.started_at, r.created_at) as held_at
     from jsonb_to_recordset($2::jsonb) as x(id uuid, frequency text, since text)
     join public.newsletter_runs r on r.specification_id = x.id
       and starts_with(r.frequency_period, x.frequency || ':') and r.frequency_period >= x.since
     left join public.autopilot_schedules s on s.id = r.autopilot_schedule_id
     where r.workspace_id = $1 and r.status in ('running', 'success')`,
    [workspaceId, JSON.stringify(specifications.map((spec) => ({ id: spec.id, frequency: spec.frequency, since: frequencyPeriod(spec.frequency, since, "UTC").key })))],
  );
  return rows;
}

/** What each run's editor's summary cost (tokens, time) and, when the report shipped without it, why. */
export async function recordSummaryCosts(tx: Queryable, costs: { runId: string; tokens: number; ms: number; note: string | null }[]): Promise<void> {
  if (costs.length === 0) return;
  await tx.query(
    `update public.newsletter_runs r set summary_tokens = x.tokens, summary_ms = x.ms, summary_note = x.note
     from jsonb_to_recordset($1::jsonb) as x(run_id uuid, tokens int, ms int, note text) where r.id = x.run_id`,
    [JSON.stringify(costs.map((c) => ({ run_id: c.runId, tokens: c.tokens, ms: c.ms, note: c.note })))],
  );
}

import "server-only";
import type { Queryable } from "./database";
import type { RunStatus, RunTrigger } from "./runs";

/** What a schedule's history holds, counted from the history itself so the numbers always add up to it. */
export interface ScheduleRunCounts {
  /** Runs of its slots: succeeded + failed + skipped + running. */
  scheduled: number;
  succeeded: number;
  failed: number;
  skipped: number;
  running: number;
  /** Test runs, counted apart: they make a report now and leave the slots alone. */
  test_runs: number;
  /** The latest run of any kind. */
  last_run: { id: string; status: RunStatus; trigger: RunTrigger; at: Date; error: string | null } | null;
}

const NONE: ScheduleRunCounts = { scheduled: 0, succeeded: 0, failed: 0, skipped: 0, running: 0, test_runs: 0, last_run: null };

/**
 * Counts for many schedules of one workspace in one statement. Runs are found by schedule only (the schedule
 * is the workspace's, so its runs are too): with the workspace as a condition on runs, a cached generic plan
 * may walk the whole workspace's runs newest first looking for each schedule's.
 */
export async function countRunsOfSchedules(tx: Queryable, { workspaceId, scheduleIds }: { workspaceId: string; scheduleIds: string[] }): Promise<Map<string, ScheduleRunCounts>> {
  if (scheduleIds.length === 0) return new Map();
  const { rows } = await tx.query<Omit<ScheduleRunCounts, "last_run"> & { schedule_id: string; last_run: (Omit<NonNullable<ScheduleRunCounts["last_run"]>, "at"> & { at: string }) | null }>(
    `select s.id as schedule_id,
            count(r.id) filter (where r.trigger <> 'test')::int as scheduled,
            count(r.id) filter (where r.trigger <> 'test' and r.status = 'success')::int as succeeded,
            count(r.id) filter (where r.trigger <> 'test' and r.status = 'failed')::int as failed,
            count(r.id) filter (where r.trigger <> 'test' and r.status = 'skipped')::int as skipped,
            count(r.id) filter (where r.trigger <> 'test' and r.status = 'running')::int as running,
            count(r.id) filter (where r.trigger = 'test')::int as test_runs,
            (select jsonb_build_object('id', l.id, 'status', l.status, 'trigger', l.trigger, 'error', l.error,
                                       'at', coalesce(l.finished_at, l.started_at, l.created_at))
             from public.newsletter_runs l where l.autopilot_schedule_id = s.id
             order by l.created_at desc limit 1) as last_run
     from (select id from public.autopilot_schedules where workspace_id = $1 and id = any($2::uuid[])) as s
     left join public.newsletter_runs r on r.autopilot_schedule_id = s.id
     group by s.id`,
    [workspaceId, scheduleIds],
  );
  return new Map(
    rows.map(({ schedule_id, last_run, ...counts }) => [schedule_id, { ...NONE, ...counts, last_run: last_run ? { ...last_run, at: new Date(last_run.at) } : null }]),
  );
}

export function noRunCounts(): ScheduleRunCounts {
  return { ...NONE };
}

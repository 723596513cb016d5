import "server-only";
import type { Queryable } from "./database";

/**
 * Deletes runs (and with them their stored reports and delivery records) that a schedule's retention no
 * longer keeps: finished more than retention_days ago, or beyond its newest retention_runs. Never deleted: a
 * run in progress or waiting for a retry, a run with a delivery still pending, and each schedule's latest
 * successful report (of scheduled runs and of any run: what "only when new", the viewer and test deliveries
 * use). Visits the schedules checked longest ago, at most `schedules` of them and `limit` runs per call, so
 * the work per tick stays small; a schedule is checked again after an hour. Audit entries are kept.
 */
export async function pruneRunHistory(tx: Queryable, { now, schedules, limit }: { now: Date; schedules: number; limit: number }): Promise<number> {
  const { rows } = await tx.query<{ id: string }>(
    `select id from public.autopilot_schedules
     where retention_checked_at is null or retention_checked_at < $1::timestamptz - interval '1 hour'
     order by retention_checked_at nulls first limit $2
     for update skip locked`,
    [now, schedules],
  );
  if (rows.length === 0) return 0;
  const ids = rows.map((row) => row.id);
  const { rowCount } = await tx.query(
    `with ranked as (
       select r.id, r.status, r.trigger, r.finished_at, r.retry_at, s.retention_days, s.retention_runs,
              row_number() over (partition by r.autopilot_schedule_id order by r.finished_at desc nulls first, r.id) as newest,
              row_number() over (partition by r.autopilot_schedule_id, r.status = 'success' order by r.finished_at desc nulls first, r.id) as newest_success,
              row_number() over (partition by r.autopilot_schedule_id, r.status = 'success' and r.trigger = 'autopilot' order by r.scheduled_for desc nulls last, r.id) as newest_scheduled_success
       from public.newsletter_runs r join public.autopilot_schedules s on s.id = r.autopilot_schedule_id
       where r.autopilot_schedule_id = any($1::uuid[])
     ), doomed as (
       select x.id from ranked x
       where x.status in ('success', 'failed', 'skipped') and x.retry_at is null
         and (x.finished_at < $2::timestamptz - make_interval(days => x.retention_days)
              or (x.retention_runs is not null and x.newest > x.retention_runs))
         and not (x.status = 'success' and x.newest_success = 1)
         and not (x.status = 'success' and x.trigger = 'autopilot' and x.newest_scheduled_success = 1)
         and not exists (select 1 from public.deliveries d where d.run_id = x.id and d.status = 'pending')
       limit $3
     )
     delete from public.newsletter_runs r using doomed where r.id = doomed.id`,
    [ids, now, limit],
  );
  // A schedule with more to delete than this call's limit is checked again on the next tick.
  if (rowCount < limit) {
    await tx.query("update public.autopilot_schedules set retention_checked_at = $2 where id = any($1::uuid[])", [ids, now]);
  }
  return rowCount;
}

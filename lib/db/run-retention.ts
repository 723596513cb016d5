import "server-only";
import { frequencyPeriod } from "@/lib/schedule/frequency-period";
import { isValidTimeZone } from "@/lib/schedule/zoned-time";
import type { Queryable } from "./database";

/**
 * The periods current at `now` in a schedule's zone, one per frequency. A run holding one of these (or a later
 * one) is its specification's report for a period not over yet: deleting it would free the period, and the
 * specification would get a second report in it. Keys of one frequency sort in time order.
 */
function currentPeriodKeys(timeZone: string | null, now: Date): { daily: string; weekly: string; monthly: string } {
  const zone = timeZone && isValidTimeZone(timeZone) ? timeZone : "UTC";
  return {
    daily: frequencyPeriod("daily", now, zone).key,
    weekly: frequencyPeriod("weekly", now, zone).key,
    monthly: frequencyPeriod("monthly", now, zone).key,
  };
}

/**
 * Deletes runs (and with them their stored reports and delivery records) that a schedule's retention no
 * longer keeps: finished more than retention_days ago, or beyond its newest retention_runs. Never deleted: a
 * run in progress or waiting for a retry, a run with a delivery still pending, each schedule's latest
 * successful report (of scheduled runs and of any run: what "only when new", the viewer and test deliveries
 * use), and a report that holds its specification's day, week or month while that period lasts. Visits the
 * schedules checked longest ago, at most `schedules` of them and `limit` runs per call, so the work per tick
 * stays small; a schedule is checked again after an hour. Audit entries are kept. With a run limit, the N-th
 * newest run's finish is the cutoff (runs finishing at the same instant as it stay). A batch's slot (or Test
 * run) counts as one run: only the runs of the schedule's own report are counted, and the further reports,
 * made after it, go with it.
 */
export async function pruneRunHistory(tx: Queryable, { now, schedules, limit }: { now: Date; schedules: number; limit: number }): Promise<number> {
  const { rows } = await tx.query<{ id: string; time_zone: string | null }>(
    `select id, schedule_config->>'timezone' as time_zone from public.autopilot_schedules
     where retention_checked_at is null or retention_checked_at < $1::timestamptz - interval '1 hour'
     order by retention_checked_at nulls first limit $2
     for update skip locked`,
    [now, schedules],
  );
  if (rows.length === 0) return 0;
  const ids = rows.map((row) => row.id);
  const periods = rows.map((row) => ({ id: row.id, ...currentPeriodKeys(row.time_zone, now) }));
  // Per schedule, a cutoff: runs that finished before it are past retention (the later of "D days ago" and
  // the finish of its N-th newest run). Both are read from the (schedule, finished_at) index, so a schedule
  // with a long history costs a range scan of what goes, not a ranking of everything it kept.
  const { rowCount } = await tx.query(
    `with picked as (
       select s.id, c.daily, c.weekly, c.monthly, greatest(
                $2::timestamptz - make_interval(days => s.retention_days),
                case when s.retention_runs is null then null else (
                  select r.finished_at from public.newsletter_runs r
                  where r.autopilot_schedule_id = s.id and r.finished_at is not null and r.batch_position is null
                  order by r.finished_at desc offset s.retention_runs - 1 limit 1) end) as cutoff
       from public.autopilot_schedules s
       join json_to_recordset($4::json) as c(id uuid, daily text, weekly text, monthly text) on c.id = s.id
       where s.id = any($1::uuid[])
     ), kept as materialized (
       -- Each schedule's latest successful report, of any run and of scheduled runs. A successful run has
       -- finished and a scheduled one has its slot, so each walks its index backwards and stops at the first
       -- success (ordering "nulls last" could not use the index: every run of the schedule was read and sorted).
       -- Materialized, so each lookup runs once (inlined, the filter below ran it a second time).
       select (select r.id from public.newsletter_runs r where r.autopilot_schedule_id = p.id and r.status = 'success' and r.finished_at is not null
               order by r.finished_at desc limit 1) as id from picked p
       union all
       select (select r.id from public.newsletter_runs r where r.autopilot_schedule_id = p.id and r.status = 'success' and r.trigger = 'autopilot'
                 and r.scheduled_for is not null
               order by r.scheduled_for desc limit 1) from picked p
     ), doomed as (
       -- Per schedule (lateral), so every plan walks that schedule's (schedule, finished_at) index from its
       -- oldest run: a join over the array let the cached generic plan scan the whole runs table instead.
       select old.id from picked p
       cross join lateral (
         select r.id from public.newsletter_runs r
         where r.autopilot_schedule_id = p.id and r.finished_at < p.cutoff
           and r.status in ('success', 'failed', 'skipped') and r.retry_at is null
           and r.id not in (select id from kept where id is not null)
           and (r.frequency_period is null or r.status <> 'success' or r.frequency_period < case split_part(r.frequency_period, ':', 1)
                  when 'daily' then p.daily when 'weekly' then p.weekly else p.monthly end)
           and not exists (select 1 from public.deliveries d where d.run_id = r.id and d.status = 'pending')
         order by r.finished_at
         limit $3
       ) old
       limit $3
     )
     delete from public.newsletter_runs r using doomed where r.id = doomed.id`,
    [ids, now, limit, JSON.stringify(periods)],
  );
  // A schedule with more to delete than this call's limit is checked again on the next tick.
  if (rowCount < limit) {
    await tx.query("update public.autopilot_schedules set retention_checked_at = $2 where id = any($1::uuid[])", [ids, now]);
  }
  return rowCount;
}

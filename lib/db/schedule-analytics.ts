import "server-only";
import type { SkipReason } from "@/lib/autopilot/skip-reasons";
import type { Queryable } from "./database";

/** The group of a skipped run's reason, read from the reason the engine wrote. */
const SKIP_REASON_SQL = `case
  when r.error like 'Frequency limit:%' or r.error like 'Skipped: another run%' then 'period_taken'
  when r.error like 'Upstream%' then 'upstream'
  when r.error like 'Missed:%' then 'missed'
  when r.error like 'Nothing to report:%' then 'empty'
  when r.error like 'No new content%' then 'no_new_content'
  else 'other' end`;

/** One group's figures: a schedule's, a day's (UTC), or the whole window's (both keys null). */
export interface AnalyticsRow {
  schedule_id: string | null;
  day: string | null;
  runs: number;
  success: number;
  failed: number;
  skipped: number;
  median_duration_ms: number | null;
  p95_duration_ms: number | null;
  median_lateness_ms: number | null;
  p95_lateness_ms: number | null;
  deliveries_sent: number;
  deliveries_failed: number;
  skipped_by: Partial<Record<SkipReason, number>> | null;
}

/**
 * Scheduled runs (trigger autopilot) whose slot falls in [from, to), grouped per schedule, per UTC day and in
 * all, in one pass: counts by outcome, duration of the successful runs and lateness (start − slot) of every
 * started run as median and 95th percentile, deliveries that reached their destination or gave up (tests and
 * those still pending aside), and the skips by reason.
 */
export async function selectScheduleAnalytics(
  tx: Queryable,
  { workspaceId, from, to, scheduleId }: { workspaceId: string; from: Date; to: Date; scheduleId?: string },
): Promise<AnalyticsRow[]> {
  const { rows } = await tx.query<AnalyticsRow>(
    `with scheduled as (
       select r.id, r.autopilot_schedule_id as schedule_id, to_char(r.scheduled_for at time zone 'UTC', 'YYYY-MM-DD') as day, r.status, r.duration_ms,
              extract(epoch from (r.started_at - r.scheduled_for)) * 1000 as lateness_ms,
              case when r.status = 'skipped' then ${SKIP_REASON_SQL} end as skip_reason
       from public.newsletter_runs r
       where r.workspace_id = $1 and r.trigger = 'autopilot' and r.scheduled_for >= $2 and r.scheduled_for < $3
         and r.autopilot_schedule_id is not null and ($4::uuid is null or r.autopilot_schedule_id = $4)
     ),
     delivered as (
       select d.run_id, count(*) filter (where d.status = 'sent')::int as sent, count(*) filter (where d.status in ('failed', 'gave_up'))::int as failed
       from public.deliveries d join scheduled s on s.id = d.run_id
       where d.workspace_id = $1 and not d.is_test
       group by d.run_id
     ),
     groups as (
       select s.schedule_id, s.day, grouping(s.schedule_id) as no_schedule, grouping(s.day) as no_day,
              count(*)::int as runs,
              count(*) filter (where s.status = 'success')::int as success,
              count(*) filter (where s.status = 'failed')::int as failed,
              count(*) filter (where s.status = 'skipped')::int as skipped,
              percentile_cont(0.5) within group (order by s.duration_ms) filter (where s.status = 'success') as median_duration_ms,
              percentile_cont(0.95) within group (order by s.duration_ms) filter (where s.status = 'success') as p95_duration_ms,
              percentile_cont(0.5) within group (order by s.lateness_ms) filter (where s.status in ('success', 'failed')) as median_lateness_ms,
              percentile_cont(0.95) within group (order by s.lateness_ms) filter (where s.status in ('success', 'failed')) as p95_lateness_ms,
              coalesce(sum(d.sent), 0)::int as deliveries_sent,
              coalesce(sum(d.failed), 0)::int as deliveries_failed
       from scheduled s left join delivered d on d.run_id = s.id
       group by grouping sets ((s.schedule_id), (s.day), ())
     ),
     reasons as (
       select schedule_id, day, grouping(schedule_id) as no_schedule, grouping(day) as no_day, skip_reason, count(*)::int as n
       from scheduled where skip_reason is not null
       group by grouping sets ((schedule_id, skip_reason), (day, skip_reason), (skip_reason))
     )
     select g.schedule_id, g.day, g.runs, g.success, g.failed, g.skipped,
            round(g.median_duration_ms)::int as median_duration_ms, round(g.p95_duration_ms)::int as p95_duration_ms,
            round(g.median_lateness_ms)::int as median_lateness_ms, round(g.p95_lateness_ms)::int as p95_lateness_ms,
            g.deliveries_sent, g.deliveries_failed,
            (select jsonb_object_agg(x.skip_reason, x.n) from reasons x
              where x.no_schedule = g.no_schedule and x.no_day = g.no_day
                and x.schedule_id is not distinct from g.schedule_id and x.day is not distinct from g.day) as skipped_by
     from groups g
     order by g.no_schedule, g.no_day, g.day, g.schedule_id`,
    [workspaceId, from, to, scheduleId ?? null],
  );
  return rows;
}

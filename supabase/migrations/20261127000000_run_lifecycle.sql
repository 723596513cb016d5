-- Run lifecycle: calendar frequency periods and run deadlines.

-- The calendar period ("daily:2026-11-27", "weekly:2026-W48", "monthly:2026-11") whose report this run is,
-- under its specification's frequency. NULL for runs outside the specification's rhythm (test runs and
-- runs with a cadence override), which neither obey nor use up the frequency limit.
alter table public.newsletter_runs add column frequency_period text
  check (frequency_period is null or frequency_period ~ '^(daily|weekly|monthly):[0-9]{4}-(W?[0-9]{2}|[0-9]{2}-[0-9]{2})$');

-- Nothing stays running: past its deadline a run is failed "timed out", whatever started it.
alter table public.newsletter_runs add column deadline_at timestamptz;

-- Runs that counted under the old rolling rule keep counting: the first success of each UTC period.
with counted as (
  select id,
         cadence || ':' || case cadence
           when 'daily' then to_char(finished_at at time zone 'UTC', 'YYYY-MM-DD')
           when 'weekly' then to_char(finished_at at time zone 'UTC', 'IYYY-"W"IW')
           else to_char(finished_at at time zone 'UTC', 'YYYY-MM')
         end as period
  from public.newsletter_runs
  where status = 'success' and not cadence_overridden and trigger <> 'test' and cadence is not null and finished_at is not null
), firsts as (
  select distinct on (r.specification_id, c.period) r.id, c.period
  from counted c join public.newsletter_runs r using (id)
  order by r.specification_id, c.period, r.finished_at
)
update public.newsletter_runs r set frequency_period = f.period from firsts f where f.id = r.id;

-- 'queued' was never written: a run is recorded when it starts.
update public.newsletter_runs set status = 'running' where status = 'queued';
update public.newsletter_runs
set deadline_at = coalesce(started_at, created_at) + interval '15 minutes'
where status = 'running';
alter table public.newsletter_runs drop constraint newsletter_runs_status_check;
alter table public.newsletter_runs add constraint newsletter_runs_status_check
  check (status in ('running', 'success', 'failed', 'skipped'));
alter table public.newsletter_runs alter column status set default 'running';
drop index public.newsletter_runs_one_test_in_progress;
create unique index newsletter_runs_one_test_in_progress on public.newsletter_runs (autopilot_schedule_id)
  where trigger = 'test' and status = 'running';

-- One report per specification and period, guaranteed by the database: a run in progress holds its period,
-- a success keeps it; a failed run frees it for another try.
create unique index newsletter_runs_one_per_period on public.newsletter_runs (specification_id, frequency_period)
  where frequency_period is not null and status in ('running', 'success');

-- What recovery scans: unfinished runs by deadline.
create index newsletter_runs_unfinished_deadline_idx on public.newsletter_runs (deadline_at)
  where status = 'running';

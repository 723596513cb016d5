-- Autopilot engine: what the tick and the Test run button rely on.

-- At most one test run in progress per schedule, guaranteed by the database (a second click gets 409).
create unique index newsletter_runs_one_test_in_progress on public.newsletter_runs (autopilot_schedule_id)
  where trigger = 'test' and status in ('queued', 'running');

-- Taking and releasing a lease changes only unindexed columns (locked_until, locked_by); with free room in
-- each page Postgres can do that as a heap-only update, without touching the table's seven indexes.
alter table public.autopilot_schedules set (fillfactor = 80);

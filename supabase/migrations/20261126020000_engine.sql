-- Autopilot engine: what the tick and the Test run button rely on.

-- At most one test run in progress per schedule, guaranteed by the database (a second click gets 409).
create unique index newsletter_runs_one_test_in_progress on public.newsletter_runs (autopilot_schedule_id)
  where trigger = 'test' and status in ('queued', 'running');

-- The tick looks for leases that ran out (a tick that died mid-batch) at the start of every tick.
create index idx_autopilot_schedules_lease on public.autopilot_schedules (locked_until) where locked_until is not null;

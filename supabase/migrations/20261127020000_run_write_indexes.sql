-- Every run is written twice by the tick (started, then ended), and each write adds an entry to every index
-- of newsletter_runs. (autopilot_schedule_id, created_at) repeated what the one-run-per-slot unique index
-- (autopilot_schedule_id, scheduled_for) already serves: a schedule's history and the foreign key's
-- ON DELETE SET NULL both find a schedule's runs through it.
drop index if exists public.newsletter_runs_schedule_idx;

-- The claim only moves a schedule's lease (locked_until, locked_by: in no index). Room on each page lets
-- Postgres write that as a heap-only update instead of a new entry in every index of the table.
alter table public.autopilot_schedules set (fillfactor = 80);

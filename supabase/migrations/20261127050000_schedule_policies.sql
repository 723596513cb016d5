-- Schedule policies: what a schedule does when a run fails, when nothing is new, after an outage, when a run
-- hangs, how long its history is kept, and when it pauses or ends. Each is a column with the product's default,
-- so SQL (the claim, retention) reads them directly.
alter table public.autopilot_schedules
  -- A failed run of a slot is tried again up to this many times, with backoff, never past the next slot.
  add column max_retries smallint not null default 2 check (max_retries between 0 and 5),
  -- Set while a failed slot waits for its retry: next_run_at is then the retry's time, not a slot.
  add column retry_slot timestamptz,
  -- Skip the run when the report would hold nothing its last successful report did not already hold.
  add column only_when_new boolean not null default false,
  -- Skip the run when the report would be empty.
  add column skip_when_empty boolean not null default false,
  -- A missed slot older than this is skipped; null means one interval of the schedule, at most 7 days.
  add column catch_up_minutes integer check (catch_up_minutes is null or catch_up_minutes between 1 and 10080),
  -- A run past this is failed "timed out"; null means the deployment's AUTOPILOT_RUN_TIMEOUT_SECONDS.
  add column timeout_seconds integer check (timeout_seconds is null or timeout_seconds between 10 and 900),
  -- History kept: runs newer than this many days, and at most the newest retention_runs of them when set.
  add column retention_days integer not null default 90 check (retention_days between 1 and 3650),
  add column retention_runs integer check (retention_runs is null or retention_runs between 1 and 10000),
  add column retention_checked_at timestamptz,
  -- Pause itself after this many failed slots in a row; null (the default) never pauses: a failed run does not
  -- block the next slot.
  add column pause_after_failures smallint check (pause_after_failures is null or pause_after_failures between 1 and 100),
  -- Why it is paused (a person's note, or the failure streak), and when it resumes by itself.
  add column paused_note text check (paused_note is null or char_length(paused_note) <= 500),
  add column paused_until timestamptz,
  -- The schedule makes no run before starts_at nor after ends_at; past its end it is 'completed'.
  add column starts_at timestamptz,
  add column ends_at timestamptz,
  add constraint autopilot_schedules_dates_in_order check (starts_at is null or ends_at is null or starts_at < ends_at);

alter table public.autopilot_schedules drop constraint autopilot_schedules_status_check;
alter table public.autopilot_schedules add constraint autopilot_schedules_status_check
  check (status in ('active', 'paused', 'cancelled', 'error', 'completed'));

-- Paused schedules that resume by themselves, found by the tick without reading every schedule.
create index autopilot_schedules_resume_idx on public.autopilot_schedules (paused_until) where status = 'paused' and paused_until is not null;
-- Retention visits the schedules it checked longest ago first.
create index autopilot_schedules_retention_idx on public.autopilot_schedules (retention_checked_at nulls first);

-- One row per slot with its attempts: the slot's run is tried again in place. attempt counts from 1; the
-- earlier attempts' times and errors are kept in attempts; retry_at is set while a failed attempt waits.
alter table public.newsletter_runs
  add column attempt smallint not null default 1 check (attempt between 1 and 6),
  add column attempts jsonb not null default '[]'::jsonb check (jsonb_typeof(attempts) = 'array'),
  add column retry_at timestamptz,
  -- Short fingerprints of the items a successful report held, so "only when new" can compare the next window.
  add column item_keys text[];

-- Retention ranks a schedule's runs newest first.
create index newsletter_runs_schedule_finished_idx on public.newsletter_runs (autopilot_schedule_id, finished_at desc);

-- A workspace's defaults for new schedules' policies (owners set them; omitted fields are the product's).
alter table public.workspaces
  add column schedule_defaults jsonb not null default '{}'::jsonb check (jsonb_typeof(schedule_defaults) = 'object');

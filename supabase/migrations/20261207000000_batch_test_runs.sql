-- A Test run of a batch schedule makes every report of the batch: its own (the lead run) and one further test
-- run per further specification, numbered like a slot's and tied to the lead (they go with it when it is
-- deleted), so the tester's delivery lists them together. Still one test run in progress per schedule: the
-- lead holds the place while the batch is made, so its further reports do not count.
alter table public.newsletter_runs add column batch_lead_run_id uuid references public.newsletter_runs (id) on delete cascade,
  add constraint newsletter_runs_batch_lead_has_position check (batch_lead_run_id is null or batch_position is not null);
create index newsletter_runs_batch_lead on public.newsletter_runs (batch_lead_run_id) where batch_lead_run_id is not null;

drop index public.newsletter_runs_one_test_in_progress;
create unique index newsletter_runs_one_test_in_progress on public.newsletter_runs (autopilot_schedule_id)
  where trigger = 'test' and status = 'running' and batch_position is null;

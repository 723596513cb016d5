-- A schedule's history, newest first by (created_at, id), and its counts: the index carries trigger and status,
-- so the schedules list counts 200 schedules' runs from the index alone instead of visiting ~100 scattered
-- rows each, and a schedule's history pages by keyset like the Reports list.
create index newsletter_runs_schedule_history_idx on public.newsletter_runs (autopilot_schedule_id, created_at desc, id desc)
  include (trigger, status);

-- The tick's claim (enabled, active, next_run_at <= now, oldest first) is served by the partial due index,
-- which holds only schedules that can run. The two broader indexes on next_run_at answered the same query
-- less well (the planner preferred (enabled, next_run_at) and filtered status row by row) and made every
-- move of a schedule's next slot update three indexes instead of one.
drop index if exists public.idx_autopilot_schedules_enabled;
drop index if exists public.idx_autopilot_schedules_next_run;

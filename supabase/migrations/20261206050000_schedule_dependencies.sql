-- A schedule may run after another succeeds: at the upstream's slots (its timing is the upstream's, copied on
-- save), once the upstream's run for the same slot has succeeded, waiting at most wait_minutes after the slot.
-- A failed or skipped upstream skips it with the reason. The upstream is of the same workspace; deleting it
-- leaves the dependent on its own (copied) timing.
alter table public.autopilot_schedules add constraint autopilot_schedules_id_workspace_key unique (id, workspace_id);
alter table public.autopilot_schedules
  add column depends_on_schedule_id uuid,
  add column wait_minutes integer check (wait_minutes between 1 and 720),
  -- The slot a dependent waits at for its upstream (engine only): its next_run_at is then the wait's end, or
  -- earlier when the upstream's slot ends.
  add column waiting_slot timestamptz,
  add constraint autopilot_schedules_depends_on_same_workspace foreign key (depends_on_schedule_id, workspace_id)
    references public.autopilot_schedules (id, workspace_id) on delete set null (depends_on_schedule_id),
  add constraint autopilot_schedules_not_after_itself check (depends_on_schedule_id is distinct from id),
  add constraint autopilot_schedules_wait_with_upstream check (depends_on_schedule_id is null or wait_minutes is not null);
create index autopilot_schedules_depends_on_idx on public.autopilot_schedules (depends_on_schedule_id) where depends_on_schedule_id is not null;

grant insert (depends_on_schedule_id, wait_minutes), update (depends_on_schedule_id, wait_minutes) on public.autopilot_schedules to authenticated;

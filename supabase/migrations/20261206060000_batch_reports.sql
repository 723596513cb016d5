-- A schedule may report on several specifications: its own, then up to nine more in order. Each slot makes
-- one report per specification, each under its specification's frequency rule, and delivers them together.
-- The ids are checked by the app on save; the engine reads only specifications of the schedule's own
-- workspace, so an id written directly through the Data API can never reach another workspace's data.
alter table public.autopilot_schedules
  add column batch_specification_ids uuid[] not null default '{}'
    constraint autopilot_schedules_batch_size check (cardinality(batch_specification_ids) <= 9);
grant insert (batch_specification_ids), update (batch_specification_ids) on public.autopilot_schedules to authenticated;

-- A batch's further reports are runs of the same schedule and slot, numbered 1–9 after the slot's own run
-- (whose batch_position is null). Still one run per slot and position, guaranteed by the database; the
-- index keeps (schedule, slot) lookups of the slot's own run as quick as before.
alter table public.newsletter_runs add column batch_position smallint
  constraint newsletter_runs_batch_position check (batch_position between 1 and 9);
alter table public.newsletter_runs drop constraint newsletter_runs_one_per_slot;
create unique index newsletter_runs_one_per_slot on public.newsletter_runs (autopilot_schedule_id, scheduled_for, (coalesce(batch_position, 0)));

-- A deleted specification leaves the batches that named it (the schedules whose own it was are deleted with it).
create function public.drop_specification_from_batches() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  update public.autopilot_schedules set batch_specification_ids = array_remove(batch_specification_ids, old.id)
  where workspace_id = old.workspace_id and old.id = any (batch_specification_ids);
  return old;
end
$$;
revoke execute on function public.drop_specification_from_batches() from public;
create trigger newsletter_specifications_leave_batches after delete on public.newsletter_specifications
  for each row execute function public.drop_specification_from_batches();

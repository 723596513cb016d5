-- Owners hear about trouble through the same ledger as reports: an alert (a schedule failed after working,
-- paused, or stopped in error) to its creator and the workspace owners, and a daily digest of schedules
-- overdue by more than a day to the operators (ADMIN_EMAILS). Both are email deliveries of another kind.
alter table public.deliveries
  add column kind text not null default 'report' check (kind in ('report', 'alert', 'overdue_digest')),
  -- What the message says (the event, the schedule, the error; or the overdue schedules).
  add column payload jsonb,
  -- One row per event and recipient however often the event is seen: "one email, not one per failed run",
  -- and at most one overdue digest per operator per day.
  add column dedupe_key text;
alter table public.deliveries alter column run_id drop not null;
alter table public.deliveries alter column workspace_id drop not null;
alter table public.deliveries add constraint deliveries_kind_shape check (
  (kind = 'report' and run_id is not null and workspace_id is not null)
  or (kind = 'alert' and workspace_id is not null and type = 'email')
  or (kind = 'overdue_digest' and workspace_id is null and type = 'email'));
create unique index deliveries_dedupe_idx on public.deliveries (dedupe_key) where dedupe_key is not null;

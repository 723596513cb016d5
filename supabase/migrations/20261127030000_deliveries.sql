-- Delivery: where a schedule's reports go, and a ledger of every (run, destination) send.

-- One row per recipient or endpoint. An email destination of the API ({type: "email", to: [...]}) is one
-- row per address, so a recipient can unsubscribe alone. `secret` signs webhook bodies and is never read
-- back by a signed-in member (no column grant); `unsubscribe_token` is the recipient's one-click link.
create table public.autopilot_destinations (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  schedule_id uuid not null references public.autopilot_schedules (id) on delete cascade,
  type text not null check (type in ('email', 'slack', 'webhook')),
  target text not null check (length(target) between 3 and 2000),
  secret text check (secret is null or length(secret) between 16 and 200),
  unsubscribe_token text not null default replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''),
  created_at timestamptz not null default now(),
  unique (schedule_id, type, target)
);
create index autopilot_destinations_workspace_idx on public.autopilot_destinations (workspace_id);
create unique index autopilot_destinations_unsubscribe_idx on public.autopilot_destinations (unsubscribe_token);

-- The ledger. A row is claimed with a lease (SKIP LOCKED) before it is sent, so overlapping ticks never
-- send it twice; status changes once from pending to sent, failed (permanent) or gave_up (a day of
-- transient failures).
create table public.deliveries (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  run_id uuid not null references public.newsletter_runs (id) on delete cascade,
  schedule_id uuid references public.autopilot_schedules (id) on delete set null,
  destination_id uuid references public.autopilot_destinations (id) on delete set null,
  type text not null check (type in ('email', 'slack', 'webhook')),
  target text not null,
  is_test boolean not null default false,
  status text not null default 'pending' check (status in ('pending', 'sent', 'failed', 'gave_up')),
  attempts int not null default 0,
  next_attempt_at timestamptz not null default now(),
  locked_until timestamptz,
  last_error text,
  provider_ref text,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  updated_at timestamptz not null default now(),
  unique (run_id, type, target)
);
create index deliveries_due_idx on public.deliveries (next_attempt_at) where status = 'pending';
create index deliveries_schedule_idx on public.deliveries (schedule_id);
create index deliveries_destination_idx on public.deliveries (destination_id);

alter table public.autopilot_destinations enable row level security;
alter table public.deliveries enable row level security;

-- Members see a schedule's destinations (not secrets, not tokens); whoever may change the schedule
-- replaces them. The ledger is read-only for members: only the server writes it.
revoke all on public.autopilot_destinations, public.deliveries from authenticated;
grant all on public.autopilot_destinations, public.deliveries to service_role;
grant select (id, workspace_id, schedule_id, type, target, created_at) on public.autopilot_destinations to authenticated;
grant insert (workspace_id, schedule_id, type, target, secret) on public.autopilot_destinations to authenticated;
grant delete on public.autopilot_destinations to authenticated;
grant select on public.deliveries to authenticated;

create policy destinations_select on public.autopilot_destinations for select to authenticated
  using (public.is_workspace_member(workspace_id) or public.is_platform_admin());
create policy destinations_insert on public.autopilot_destinations for insert to authenticated
  with check (exists (
    select 1 from public.autopilot_schedules s
    where s.id = schedule_id and s.workspace_id = autopilot_destinations.workspace_id
      and public.is_workspace_member(s.workspace_id)
      and (s.created_by_user_id = auth.uid() or public.is_workspace_owner(s.workspace_id))
  ));
create policy destinations_delete on public.autopilot_destinations for delete to authenticated
  using (exists (
    select 1 from public.autopilot_schedules s
    where s.id = schedule_id and s.workspace_id = autopilot_destinations.workspace_id
      and public.is_workspace_member(s.workspace_id)
      and (s.created_by_user_id = auth.uid() or public.is_workspace_owner(s.workspace_id))
  ));
create policy deliveries_select on public.deliveries for select to authenticated
  using (public.is_workspace_member(workspace_id) or public.is_platform_admin());

-- What deliveries show inline (sections, top headlines) without parsing the stored HTML again.
alter table public.report_files add column digest jsonb not null default '{"sections": []}';

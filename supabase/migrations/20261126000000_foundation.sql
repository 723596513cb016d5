-- Foundation: workspaces, members, report specifications, runs, Autopilot schedules, audit log.
-- Row-level security is on for every table; the app's checks come first, these policies are the backstop.

-- ---------------------------------------------------------------------------------------------------
-- Who is asking. SECURITY DEFINER so policies can consult membership without recursing into RLS.
-- ---------------------------------------------------------------------------------------------------

-- Platform admins are named by the ADMIN_EMAILS setting; the app puts the verdict into the JWT claims'
-- app_metadata (as Supabase does for server-set metadata), which a client cannot forge.
create or replace function public.is_platform_admin() returns boolean
language sql stable
set search_path = ''
as $$
  select coalesce((auth.jwt() -> 'app_metadata' ->> 'platform_admin')::boolean, false)
$$;

create table public.workspaces (
  id uuid primary key default gen_random_uuid(),
  name text not null check (char_length(btrim(name)) between 1 and 100),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table public.workspace_members (
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  email text not null,
  role text not null check (role in ('owner', 'member')),
  created_at timestamptz not null default now(),
  primary key (workspace_id, user_id)
);
create index workspace_members_user_idx on public.workspace_members (user_id);

create or replace function public.is_workspace_member(target_workspace uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.workspace_members m
    where m.workspace_id = target_workspace and m.user_id = auth.uid()
  )
$$;

create or replace function public.is_workspace_owner(target_workspace uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.workspace_members m
    where m.workspace_id = target_workspace and m.user_id = auth.uid() and m.role = 'owner'
  )
$$;

create table public.newsletter_specifications (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  name text not null check (char_length(btrim(name)) between 1 and 200),
  description text not null default '' check (char_length(description) <= 2000),
  -- [{ "id": "ai", "name": "AI", "keywords": ["llm", "model"] }, ...]
  categories jsonb not null default '[]'::jsonb check (jsonb_typeof(categories) = 'array'),
  -- ["Europe", "North America", ...]
  regions jsonb not null default '[]'::jsonb check (jsonb_typeof(regions) = 'array'),
  frequency text not null check (frequency in ('daily', 'weekly', 'monthly')),
  status text not null default 'active' check (status in ('active', 'inactive')),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index newsletter_specifications_workspace_idx on public.newsletter_specifications (workspace_id, name);

-- Autopilot schedules, plus the engine's lease and failure streak.
create table public.autopilot_schedules (
  id uuid primary key default gen_random_uuid(),
  specification_id uuid not null references public.newsletter_specifications (id) on delete cascade,
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  created_by varchar(255) not null,
  created_by_user_id uuid references auth.users (id) on delete set null,
  schedule_name varchar(255) not null check (char_length(btrim(schedule_name)) > 0),
  schedule_type varchar(50) not null check (schedule_type in ('daily', 'weekly', 'monthly', 'custom')),
  schedule_config jsonb not null check (jsonb_typeof(schedule_config) = 'object'),
  categories_override jsonb check (categories_override is null or jsonb_typeof(categories_override) = 'array'),
  regions_override jsonb check (regions_override is null or jsonb_typeof(regions_override) = 'array'),
  cadence_override varchar(20) check (cadence_override is null or cadence_override in ('daily', 'weekly', 'monthly')),
  enabled boolean not null default true,
  status varchar(50) not null default 'active' check (status in ('active', 'paused', 'cancelled', 'error')),
  last_run_at timestamptz,
  last_run_status varchar(50) check (last_run_status is null or last_run_status in ('success', 'failed', 'skipped')),
  last_run_error text,
  next_run_at timestamptz not null,
  run_count integer not null default 0,
  success_count integer not null default 0,
  failure_count integer not null default 0,
  consecutive_failures integer not null default 0,
  -- Lease: a tick that claims the schedule owns it until locked_until; an expired lease frees it.
  locked_until timestamptz,
  locked_by text,
  notes text,
  created_at timestamptz default now(),
  updated_at timestamptz default now()
);
create index idx_autopilot_schedules_spec on public.autopilot_schedules (specification_id);
create index idx_autopilot_schedules_workspace on public.autopilot_schedules (workspace_id);
create index idx_autopilot_schedules_enabled on public.autopilot_schedules (enabled, next_run_at);
create index idx_autopilot_schedules_next_run on public.autopilot_schedules (next_run_at) where enabled = true;
-- What the tick's claim query scans: only schedules that can run, oldest slot first.
create index idx_autopilot_schedules_due on public.autopilot_schedules (next_run_at)
  where enabled = true and status = 'active';

create table public.newsletter_runs (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  specification_id uuid references public.newsletter_specifications (id) on delete set null,
  specification_name text not null,
  -- History survives the schedule's deletion.
  autopilot_schedule_id uuid references public.autopilot_schedules (id) on delete set null,
  trigger text not null check (trigger in ('manual', 'autopilot', 'test')),
  status text not null default 'queued' check (status in ('queued', 'running', 'success', 'failed', 'skipped')),
  scheduled_for timestamptz,
  missed_slots integer not null default 0,
  categories jsonb not null default '[]'::jsonb,
  regions jsonb not null default '[]'::jsonb,
  cadence text check (cadence is null or cadence in ('daily', 'weekly', 'monthly')),
  period_start timestamptz,
  period_end timestamptz,
  item_count integer,
  error text,
  notes jsonb not null default '[]'::jsonb,
  created_by uuid references auth.users (id) on delete set null,
  created_by_email text,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  duration_ms integer,
  -- One run per schedule slot, guaranteed by the database (NULLs, i.e. manual runs, never collide).
  constraint newsletter_runs_one_per_slot unique (autopilot_schedule_id, scheduled_for)
);
create index newsletter_runs_workspace_idx on public.newsletter_runs (workspace_id, created_at desc);
create index newsletter_runs_specification_idx on public.newsletter_runs (specification_id, status, finished_at desc);
create index newsletter_runs_schedule_idx on public.newsletter_runs (autopilot_schedule_id, created_at desc);

create table public.audit_log (
  id bigint generated always as identity primary key,
  workspace_id uuid references public.workspaces (id) on delete cascade,
  actor_type text not null check (actor_type in ('user', 'autopilot', 'system')),
  actor_id uuid,
  actor_email text,
  action text not null,
  entity_type text not null,
  entity_id text,
  level text not null default 'info' check (level in ('info', 'warning', 'error')),
  details jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now()
);
create index audit_log_workspace_idx on public.audit_log (workspace_id, created_at desc);
create index audit_log_entity_idx on public.audit_log (entity_type, entity_id, created_at desc);

-- ---------------------------------------------------------------------------------------------------
-- Privileges: signed-in users go through RLS; anonymous requests reach nothing.
-- ---------------------------------------------------------------------------------------------------
grant usage on schema public to authenticated, service_role;
grant select, insert, update, delete on all tables in schema public to authenticated, service_role;
grant usage, select on all sequences in schema public to authenticated, service_role;
grant execute on function public.is_platform_admin(), public.is_workspace_member(uuid), public.is_workspace_owner(uuid)
  to authenticated, service_role;

alter table public.workspaces enable row level security;
alter table public.workspace_members enable row level security;
alter table public.newsletter_specifications enable row level security;
alter table public.autopilot_schedules enable row level security;
alter table public.newsletter_runs enable row level security;
alter table public.audit_log enable row level security;

-- Workspaces: members (and the creator, so `insert … returning` works before the owner row exists) read.
create policy workspaces_select on public.workspaces for select to authenticated
  using (public.is_workspace_member(id) or created_by = auth.uid() or public.is_platform_admin());
create policy workspaces_insert on public.workspaces for insert to authenticated
  with check (created_by = auth.uid());
create policy workspaces_update on public.workspaces for update to authenticated
  using (public.is_workspace_owner(id)) with check (public.is_workspace_owner(id));
create policy workspaces_delete on public.workspaces for delete to authenticated
  using (public.is_workspace_owner(id));

-- Members: owners manage; the creator of a brand-new workspace may add themself as its owner.
-- Everyone sees their own membership rows (also what lets `insert … returning` of a new owner row pass).
create policy workspace_members_select on public.workspace_members for select to authenticated
  using (user_id = auth.uid() or public.is_workspace_member(workspace_id) or public.is_platform_admin());
create policy workspace_members_insert on public.workspace_members for insert to authenticated
  with check (
    public.is_workspace_owner(workspace_id)
    or (
      user_id = auth.uid() and role = 'owner'
      and exists (select 1 from public.workspaces w where w.id = workspace_id and w.created_by = auth.uid())
      and not exists (select 1 from public.workspace_members m where m.workspace_id = workspace_members.workspace_id)
    )
  );
create policy workspace_members_update on public.workspace_members for update to authenticated
  using (public.is_workspace_owner(workspace_id)) with check (public.is_workspace_owner(workspace_id));
create policy workspace_members_delete on public.workspace_members for delete to authenticated
  using (public.is_workspace_owner(workspace_id));

-- Specifications: the Configurator's job is every member's.
create policy specifications_select on public.newsletter_specifications for select to authenticated
  using (public.is_workspace_member(workspace_id) or public.is_platform_admin());
create policy specifications_insert on public.newsletter_specifications for insert to authenticated
  with check (public.is_workspace_member(workspace_id));
create policy specifications_update on public.newsletter_specifications for update to authenticated
  using (public.is_workspace_member(workspace_id)) with check (public.is_workspace_member(workspace_id));
create policy specifications_delete on public.newsletter_specifications for delete to authenticated
  using (public.is_workspace_member(workspace_id));

-- Schedules: members create; only the creator or an owner changes or deletes.
create policy schedules_select on public.autopilot_schedules for select to authenticated
  using (public.is_workspace_member(workspace_id) or public.is_platform_admin());
create policy schedules_insert on public.autopilot_schedules for insert to authenticated
  with check (public.is_workspace_member(workspace_id) and created_by_user_id = auth.uid());
create policy schedules_update on public.autopilot_schedules for update to authenticated
  using (
    public.is_workspace_member(workspace_id)
    and (created_by_user_id = auth.uid() or public.is_workspace_owner(workspace_id))
  )
  with check (
    public.is_workspace_member(workspace_id)
    and (created_by_user_id = auth.uid() or public.is_workspace_owner(workspace_id))
  );
create policy schedules_delete on public.autopilot_schedules for delete to authenticated
  using (
    public.is_workspace_member(workspace_id)
    and (created_by_user_id = auth.uid() or public.is_workspace_owner(workspace_id))
  );

-- Runs: members read and start manual runs; the engine (owner role) moves them through their states.
create policy runs_select on public.newsletter_runs for select to authenticated
  using (public.is_workspace_member(workspace_id) or public.is_platform_admin());
create policy runs_insert on public.newsletter_runs for insert to authenticated
  with check (public.is_workspace_member(workspace_id) and created_by = auth.uid());

-- Audit log: members read their workspace's trail and append to it as themselves; nobody rewrites it.
create policy audit_log_select on public.audit_log for select to authenticated
  using (public.is_workspace_member(workspace_id) or public.is_platform_admin());
create policy audit_log_insert on public.audit_log for insert to authenticated
  with check (public.is_workspace_member(workspace_id) and actor_type = 'user' and actor_id = auth.uid());

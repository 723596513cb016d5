-- Workspace schedule templates: owners save a schedule's timing, policies and email recipients under a name;
-- anyone in the workspace starts a new schedule from one. No specification (a template fits any) and no
-- secrets (chat and webhook URLs are not copied into a template).
create table public.autopilot_schedule_templates (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  name text not null check (char_length(name) between 1 and 100),
  description text check (char_length(description) <= 500),
  -- What the editor prefills: schedule_type, schedule_config (without a zone: the viewer's is used), policies,
  -- cadence_override, editor_summary, notes and email recipients; validated by the app on save and on use.
  settings jsonb not null,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now()
);
create unique index autopilot_schedule_templates_name on public.autopilot_schedule_templates (workspace_id, lower(name));

alter table public.autopilot_schedule_templates enable row level security;

create policy schedule_templates_select on public.autopilot_schedule_templates for select to authenticated
  using (workspace_id = any ((select public.my_workspace_ids())::uuid[]) or (select public.is_platform_admin()));
create policy schedule_templates_insert on public.autopilot_schedule_templates for insert to authenticated
  with check (workspace_id = any ((select public.my_owned_workspace_ids())::uuid[]) and created_by = (select auth.uid()));
create policy schedule_templates_delete on public.autopilot_schedule_templates for delete to authenticated
  using (workspace_id = any ((select public.my_owned_workspace_ids())::uuid[]));
-- The Data API stays read-only here too: writes go through the app, which validates the settings.
create policy schedule_templates_insert_through_app on public.autopilot_schedule_templates as restrictive for insert to authenticated
  with check (not (select public.is_data_api_request()));
create policy schedule_templates_delete_through_app on public.autopilot_schedule_templates as restrictive for delete to authenticated
  using (not (select public.is_data_api_request()));

grant select on public.autopilot_schedule_templates to authenticated;
grant insert (workspace_id, name, description, settings, created_by) on public.autopilot_schedule_templates to authenticated;
grant delete on public.autopilot_schedule_templates to authenticated;
grant all on public.autopilot_schedule_templates to service_role;

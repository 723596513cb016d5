-- Supabase's Data API (PostgREST, and GraphQL through it) serves the `public` schema to anyone holding the
-- project's anon key, as role `anon`, or with a person's access token, as role `authenticated`. Supabase grants
-- both roles every privilege on every table, sequence and function created here by default, so row-level
-- security would be the only guard. This migration states the privileges the product wants instead:
--
-- * `anon` gets nothing.
-- * `authenticated` reads what row-level security lets it read (never secrets or unsubscribe tokens), and writes
--   only the columns a person edits through the app, in the tables a person edits. Runs, their reports and
--   deliveries, the audit trail, rate limits and the engine's own schedule columns (next run, leases, counters,
--   pending retries) are written by the server alone.
-- * Requests that come through the Data API cannot write at all: every change goes through the app, which
--   validates it (limits, cron expressions, feeds), computes the schedule's next run and audits it. PostgREST
--   connects as `authenticator` and then switches role, so `session_user` tells its requests apart from the
--   app's, which connects as the database owner; a role change cannot alter the session user.
-- * `service_role` (the server key; bypasses row-level security) keeps every privilege.

revoke all on all tables in schema public from anon, authenticated;
revoke all on all sequences in schema public from anon, authenticated;
revoke all on all functions in schema public from anon, authenticated, public;
-- Tables and functions created by later migrations start closed too.
alter default privileges in schema public revoke all on tables from anon, authenticated;
alter default privileges in schema public revoke all on sequences from anon, authenticated;
alter default privileges in schema public revoke all on functions from anon, authenticated, public;

grant usage on schema public to anon, authenticated, service_role;
grant all on all tables in schema public to service_role;
grant all on all sequences in schema public to service_role;
grant execute on all functions in schema public to service_role;

-- True for a request made through Supabase's Data API rather than by the app's server.
create or replace function public.is_data_api_request() returns boolean
language sql stable
set search_path = ''
as $$
  select session_user = 'authenticator'
$$;

-- The helpers the policies call.
grant execute on function public.is_platform_admin(), public.is_workspace_member(uuid), public.is_workspace_owner(uuid),
  public.is_data_api_request() to authenticated;

-- Reads: row-level security picks the rows.
grant select on public.workspaces, public.workspace_members, public.newsletter_specifications,
  public.autopilot_schedules, public.newsletter_runs, public.audit_log, public.content_items, public.report_files,
  public.deliveries to authenticated;
grant select (id, workspace_id, schedule_id, type, target, created_at) on public.autopilot_destinations to authenticated;

-- Writes a person makes through the app, column by column.
grant insert (name, created_by) on public.workspaces to authenticated;
grant update (name, schedule_defaults, updated_at) on public.workspaces to authenticated;
grant delete on public.workspaces to authenticated;

grant insert (workspace_id, user_id, email, role) on public.workspace_members to authenticated;
grant update (role) on public.workspace_members to authenticated;
grant delete on public.workspace_members to authenticated;

grant insert (workspace_id, name, description, categories, regions, frequency, status, feeds, created_by)
  on public.newsletter_specifications to authenticated;
grant update (name, description, categories, regions, frequency, status, feeds, updated_at)
  on public.newsletter_specifications to authenticated;
grant delete on public.newsletter_specifications to authenticated;

grant insert (workspace_id, created_by, created_by_user_id, specification_id, schedule_name, schedule_type,
  schedule_config, categories_override, regions_override, cadence_override, enabled, notes, max_retries, only_when_new,
  skip_when_empty, catch_up_minutes, timeout_seconds, retention_days, retention_runs, pause_after_failures, starts_at,
  ends_at) on public.autopilot_schedules to authenticated;
grant update (specification_id, schedule_name, schedule_type, schedule_config, categories_override, regions_override,
  cadence_override, enabled, notes, max_retries, only_when_new, skip_when_empty, catch_up_minutes, timeout_seconds,
  retention_days, retention_runs, pause_after_failures, starts_at, ends_at, status, paused_note, paused_until,
  updated_at) on public.autopilot_schedules to authenticated;
grant delete on public.autopilot_schedules to authenticated;

grant insert (workspace_id, category_id, region, title, url, summary, published_at, source)
  on public.content_items to authenticated;
grant update (category_id, region, title, url, summary, published_at, source) on public.content_items to authenticated;
grant delete on public.content_items to authenticated;

grant insert (workspace_id, schedule_id, type, target, secret) on public.autopilot_destinations to authenticated;
grant delete on public.autopilot_destinations to authenticated;

-- A schedule's next run is the engine's: until the app computes it, a schedule never comes due.
alter table public.autopilot_schedules alter column next_run_at set default 'infinity';

-- A schedule belongs to a specification of its own workspace, whoever writes it (foreign keys ignore RLS).
alter table public.newsletter_specifications add constraint newsletter_specifications_id_workspace_key unique (id, workspace_id);
alter table public.autopilot_schedules
  add constraint autopilot_schedules_specification_same_workspace foreign key (specification_id, workspace_id)
  references public.newsletter_specifications (id, workspace_id) on delete cascade;

-- Audit rows come from the server alone; people never insert runs.
drop policy audit_log_insert on public.audit_log;
drop policy runs_insert on public.newsletter_runs;

-- The Data API is read-only: a restrictive policy is and-ed with the permissive ones on every write.
do $$
declare
  target text;
  command text;
begin
  foreach target in array array['workspaces', 'workspace_members', 'newsletter_specifications', 'autopilot_schedules',
    'content_items', 'autopilot_destinations'] loop
    foreach command in array array['insert', 'update', 'delete'] loop
      execute format(
        'create policy %I on public.%I as restrictive for %s to authenticated %s',
        target || '_' || command || '_through_app', target, command,
        case command
          when 'insert' then 'with check (not public.is_data_api_request())'
          when 'update' then 'using (not public.is_data_api_request()) with check (not public.is_data_api_request())'
          else 'using (not public.is_data_api_request())'
        end
      );
    end loop;
  end loop;
end
$$;

-- Row-level security that costs one lookup per statement, not one per row.
--
-- The policies called is_workspace_member(workspace_id) for every row they looked at: counting a large
-- workspace's runs ran that membership lookup a million times. Now the person's workspaces are read once per
-- statement, as an array: an uncorrelated `(select …)` is an InitPlan, evaluated once and then compared per
-- row (cast to uuid[] so that `= any` reads it as one array, not as a subquery of rows). So are auth.uid(),
-- is_platform_admin() and is_data_api_request(). Each policy allows and refuses exactly
-- what it did before: x = any(workspaces) is is_workspace_member(x), null included (refused either way).

-- The workspaces the signed-in person belongs to (owner or member), and those they own. SECURITY DEFINER so
-- policies can read membership without recursing into workspace_members' own policy.
create or replace function public.my_workspace_ids() returns uuid[]
language sql stable security definer
set search_path = ''
as $$
  select coalesce(array_agg(m.workspace_id), '{}') from public.workspace_members m where m.user_id = auth.uid()
$$;

create or replace function public.my_owned_workspace_ids() returns uuid[]
language sql stable security definer
set search_path = ''
as $$
  select coalesce(array_agg(m.workspace_id), '{}') from public.workspace_members m where m.user_id = auth.uid() and m.role = 'owner'
$$;

-- Whether a workspace has any member yet. A function, not a subquery in the policy: a policy of
-- workspace_members that reads workspace_members recurses once its select policy holds subqueries.
create or replace function public.workspace_has_members(target_workspace uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (select 1 from public.workspace_members m where m.workspace_id = target_workspace)
$$;

revoke all on function public.my_workspace_ids(), public.my_owned_workspace_ids(), public.workspace_has_members(uuid) from public, anon;
grant execute on function public.my_workspace_ids(), public.my_owned_workspace_ids(), public.workspace_has_members(uuid) to authenticated, service_role;

-- Reads: a member's workspaces, or every workspace for a platform admin.
drop policy workspaces_select on public.workspaces;
create policy workspaces_select on public.workspaces for select to authenticated
  using (id = any ((select public.my_workspace_ids())::uuid[]) or created_by = (select auth.uid()) or (select public.is_platform_admin()));

drop policy workspace_members_select on public.workspace_members;
create policy workspace_members_select on public.workspace_members for select to authenticated
  using (user_id = (select auth.uid()) or workspace_id = any ((select public.my_workspace_ids())::uuid[]) or (select public.is_platform_admin()));

do $$
declare
  target record;
begin
  for target in
    select * from (values
      ('newsletter_specifications', 'specifications_select'),
      ('autopilot_schedules', 'schedules_select'),
      ('newsletter_runs', 'runs_select'),
      ('audit_log', 'audit_log_select'),
      ('content_items', 'content_items_select'),
      ('report_files', 'report_files_select'),
      ('deliveries', 'deliveries_select'),
      ('autopilot_destinations', 'destinations_select'),
      ('workspace_invitations', 'workspace_invitations_select')
    ) as t(table_name, policy_name)
  loop
    execute format('drop policy %I on public.%I', target.policy_name, target.table_name);
    execute format(
      'create policy %I on public.%I for select to authenticated
         using (workspace_id = any ((select public.my_workspace_ids())::uuid[]) or (select public.is_platform_admin()))',
      target.policy_name, target.table_name);
  end loop;
end
$$;

-- Writes: the same rules, each helper read once per statement.
drop policy workspaces_insert on public.workspaces;
create policy workspaces_insert on public.workspaces for insert to authenticated
  with check (created_by = (select auth.uid()));
drop policy workspaces_update on public.workspaces;
create policy workspaces_update on public.workspaces for update to authenticated
  using (id = any ((select public.my_owned_workspace_ids())::uuid[])) with check (id = any ((select public.my_owned_workspace_ids())::uuid[]));
drop policy workspaces_delete on public.workspaces;
create policy workspaces_delete on public.workspaces for delete to authenticated
  using (id = any ((select public.my_owned_workspace_ids())::uuid[]));

drop policy workspace_members_insert on public.workspace_members;
create policy workspace_members_insert on public.workspace_members for insert to authenticated
  with check (
    user_id = (select auth.uid()) and role = 'owner'
    and exists (select 1 from public.workspaces w where w.id = workspace_id and w.created_by = (select auth.uid()))
    and not public.workspace_has_members(workspace_id)
  );
drop policy workspace_members_update on public.workspace_members;
create policy workspace_members_update on public.workspace_members for update to authenticated
  using (workspace_id = any ((select public.my_owned_workspace_ids())::uuid[])) with check (workspace_id = any ((select public.my_owned_workspace_ids())::uuid[]));
drop policy workspace_members_delete on public.workspace_members;
create policy workspace_members_delete on public.workspace_members for delete to authenticated
  using (workspace_id = any ((select public.my_owned_workspace_ids())::uuid[]));

drop policy specifications_insert on public.newsletter_specifications;
create policy specifications_insert on public.newsletter_specifications for insert to authenticated
  with check (workspace_id = any ((select public.my_workspace_ids())::uuid[]));
drop policy specifications_update on public.newsletter_specifications;
create policy specifications_update on public.newsletter_specifications for update to authenticated
  using (workspace_id = any ((select public.my_workspace_ids())::uuid[])) with check (workspace_id = any ((select public.my_workspace_ids())::uuid[]));
drop policy specifications_delete on public.newsletter_specifications;
create policy specifications_delete on public.newsletter_specifications for delete to authenticated
  using (workspace_id = any ((select public.my_workspace_ids())::uuid[]));

-- A schedule is changed by a member who made it, or by an owner of its workspace.
drop policy schedules_insert on public.autopilot_schedules;
create policy schedules_insert on public.autopilot_schedules for insert to authenticated
  with check (workspace_id = any ((select public.my_workspace_ids())::uuid[]) and created_by_user_id = (select auth.uid()));
drop policy schedules_update on public.autopilot_schedules;
create policy schedules_update on public.autopilot_schedules for update to authenticated
  using (
    workspace_id = any ((select public.my_workspace_ids())::uuid[])
    and (created_by_user_id = (select auth.uid()) or workspace_id = any ((select public.my_owned_workspace_ids())::uuid[]))
  )
  with check (
    workspace_id = any ((select public.my_workspace_ids())::uuid[])
    and (created_by_user_id = (select auth.uid()) or workspace_id = any ((select public.my_owned_workspace_ids())::uuid[]))
  );
drop policy schedules_delete on public.autopilot_schedules;
create policy schedules_delete on public.autopilot_schedules for delete to authenticated
  using (
    workspace_id = any ((select public.my_workspace_ids())::uuid[])
    and (created_by_user_id = (select auth.uid()) or workspace_id = any ((select public.my_owned_workspace_ids())::uuid[]))
  );

drop policy content_items_insert on public.content_items;
create policy content_items_insert on public.content_items for insert to authenticated
  with check (workspace_id = any ((select public.my_workspace_ids())::uuid[]));
drop policy content_items_update on public.content_items;
create policy content_items_update on public.content_items for update to authenticated
  using (workspace_id = any ((select public.my_workspace_ids())::uuid[])) with check (workspace_id = any ((select public.my_workspace_ids())::uuid[]));
drop policy content_items_delete on public.content_items;
create policy content_items_delete on public.content_items for delete to authenticated
  using (workspace_id = any ((select public.my_workspace_ids())::uuid[]));

drop policy destinations_insert on public.autopilot_destinations;
create policy destinations_insert on public.autopilot_destinations for insert to authenticated
  with check (exists (
    select 1 from public.autopilot_schedules s
    where s.id = schedule_id and s.workspace_id = autopilot_destinations.workspace_id
      and s.workspace_id = any ((select public.my_workspace_ids())::uuid[])
      and (s.created_by_user_id = (select auth.uid()) or s.workspace_id = any ((select public.my_owned_workspace_ids())::uuid[]))
  ));
drop policy destinations_delete on public.autopilot_destinations;
create policy destinations_delete on public.autopilot_destinations for delete to authenticated
  using (exists (
    select 1 from public.autopilot_schedules s
    where s.id = schedule_id and s.workspace_id = autopilot_destinations.workspace_id
      and s.workspace_id = any ((select public.my_workspace_ids())::uuid[])
      and (s.created_by_user_id = (select auth.uid()) or s.workspace_id = any ((select public.my_owned_workspace_ids())::uuid[]))
  ));

-- The Data API stays read-only: the restrictive write policies, with their check read once per statement.
do $$
declare
  target text;
  command text;
begin
  foreach target in array array['workspaces', 'workspace_members', 'newsletter_specifications', 'autopilot_schedules',
    'content_items', 'autopilot_destinations'] loop
    foreach command in array array['insert', 'update', 'delete'] loop
      execute format('drop policy %I on public.%I', target || '_' || command || '_through_app', target);
      execute format(
        'create policy %I on public.%I as restrictive for %s to authenticated %s',
        target || '_' || command || '_through_app', target, command,
        case command
          when 'insert' then 'with check (not (select public.is_data_api_request()))'
          when 'update' then 'using (not (select public.is_data_api_request())) with check (not (select public.is_data_api_request()))'
          else 'using (not (select public.is_data_api_request()))'
        end
      );
    end loop;
  end loop;
end
$$;

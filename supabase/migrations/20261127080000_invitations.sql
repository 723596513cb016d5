-- People join a workspace by accepting an invitation, never by being added: an owner invites an email address,
-- the person who signs in with that address accepts by link. The answer to an invitation is the same whether
-- or not the address has an account, so inviting reveals nothing about who uses the product.
-- Only the sha256 of the link's token is stored.
create table public.workspace_invitations (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  email text not null check (email = lower(email) and char_length(email) between 3 and 254),
  role text not null check (role in ('owner', 'member')),
  token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
  invited_by uuid references auth.users (id) on delete set null,
  invited_by_email text,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  accepted_at timestamptz,
  accepted_by uuid references auth.users (id) on delete set null
);
-- One open invitation per address and workspace; inviting again renews it.
create unique index workspace_invitations_open_idx on public.workspace_invitations (workspace_id, email) where accepted_at is null;

alter table public.workspace_invitations enable row level security;
revoke all on public.workspace_invitations from anon, authenticated;
grant all on public.workspace_invitations to service_role;
-- Members see who is invited (not the token); only the server writes invitations.
grant select (id, workspace_id, email, role, invited_by_email, created_at, expires_at, accepted_at)
  on public.workspace_invitations to authenticated;
create policy workspace_invitations_select on public.workspace_invitations for select to authenticated
  using (public.is_workspace_member(workspace_id) or public.is_platform_admin());

-- Membership now comes from accepted invitations, which the server records: the only member a person inserts
-- is themselves as the first owner of the workspace they just created.
drop policy workspace_members_insert on public.workspace_members;
create policy workspace_members_insert on public.workspace_members for insert to authenticated
  with check (
    user_id = auth.uid() and role = 'owner'
    and exists (select 1 from public.workspaces w where w.id = workspace_id and w.created_by = auth.uid())
    and not exists (select 1 from public.workspace_members m where m.workspace_id = workspace_members.workspace_id)
  );

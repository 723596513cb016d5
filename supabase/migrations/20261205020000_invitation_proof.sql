-- Joining needs proof that the person holds the invited mailbox. An invitation link that was emailed proves it
-- (only the mailbox received it). A link the owner shared by hand proves nothing about a local account's
-- address (anyone may register any address first), so such an acceptance waits for the owner's approval,
-- unless the account's address is confirmed.
alter table public.workspace_invitations
  add column emailed_at timestamptz,
  add column requested_by uuid references auth.users (id) on delete set null,
  add column requested_at timestamptz;

-- Members see who asked to join and when (not who they are until the owner approves).
grant select (emailed_at, requested_at) on public.workspace_invitations to authenticated;

-- Addresses that unsubscribed from a workspace's reports. Nobody adds them back to a schedule but the person
-- themselves: through "Subscribe again" with the token of the link they unsubscribed with, or, for a member,
-- by adding their own address. Nobody reads this table but the server.
create table public.email_suppressions (
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  email text not null,
  -- The unsubscribe link's token, kept so that link can also subscribe again (only the recipient holds it).
  token text unique,
  schedule_id uuid references public.autopilot_schedules (id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (workspace_id, email)
);

alter table public.email_suppressions enable row level security;
revoke all on public.email_suppressions from anon, authenticated;
grant all on public.email_suppressions to service_role;

-- Recipients read the report without an account: each delivered email or Slack message carries a link with
-- a token of its own. Only the token's SHA-256 is stored; a link dies with its run (retention deletes runs),
-- when an owner revokes it, or when the run's report is gone. Nobody reads this table but the server.
create table public.report_links (
  token_hash text primary key check (token_hash ~ '^[0-9a-f]{64}$'),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  run_id uuid not null references public.newsletter_runs (id) on delete cascade,
  delivery_id uuid references public.deliveries (id) on delete cascade,
  recipient text not null,
  created_at timestamptz not null default now(),
  revoked_at timestamptz
);
create index report_links_run_idx on public.report_links (run_id);
create index report_links_delivery_idx on public.report_links (delivery_id);

alter table public.report_links enable row level security;
revoke all on public.report_links from anon, authenticated;
grant all on public.report_links to service_role;

-- Report generator: the content it reads, the feeds that fill it, and the stored HTML of each report.

-- Feeds attached to a specification's categories: [{ "url": "https://…", "category_id": "ai", "region": "Europe"? }]
alter table public.newsletter_specifications
  add column feeds jsonb not null default '[]'::jsonb check (jsonb_typeof(feeds) = 'array');

-- A run with a cadence override is outside the specification's own rhythm: the frequency limit neither
-- applies to it nor counts it.
alter table public.newsletter_runs add column cadence_overridden boolean not null default false;

create table public.content_items (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  category_id text not null check (char_length(category_id) between 1 and 50),
  region text not null check (char_length(region) between 1 and 100),
  title text not null check (char_length(title) between 1 and 500),
  url text not null check (url ~* '^https?://' and char_length(url) <= 2000),
  summary text not null default '' check (char_length(summary) <= 5000),
  published_at timestamptz not null,
  source text not null default '' check (char_length(source) <= 200),
  created_at timestamptz not null default now(),
  constraint content_items_one_per_url unique (workspace_id, url)
);
-- The generator reads a workspace's items in a time window, newest first.
create index content_items_window_idx on public.content_items (workspace_id, published_at desc);

-- One stored report per successful run, written in the same transaction that marks the run a success.
create table public.report_files (
  run_id uuid primary key references public.newsletter_runs (id) on delete cascade,
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  html text not null,
  bytes integer not null check (bytes >= 0),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  created_at timestamptz not null default now()
);
create index report_files_workspace_idx on public.report_files (workspace_id);

grant select, insert, update, delete on public.content_items, public.report_files to authenticated, service_role;

alter table public.content_items enable row level security;
alter table public.report_files enable row level security;

create policy content_items_select on public.content_items for select to authenticated
  using (public.is_workspace_member(workspace_id) or public.is_platform_admin());
create policy content_items_insert on public.content_items for insert to authenticated
  with check (public.is_workspace_member(workspace_id));
create policy content_items_update on public.content_items for update to authenticated
  using (public.is_workspace_member(workspace_id)) with check (public.is_workspace_member(workspace_id));
create policy content_items_delete on public.content_items for delete to authenticated
  using (public.is_workspace_member(workspace_id));

-- Reports are written by the generator (owner role); members and admins read them.
create policy report_files_select on public.report_files for select to authenticated
  using (public.is_workspace_member(workspace_id) or public.is_platform_admin());

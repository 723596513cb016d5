-- Run lists page by keyset, newest first by (created_at, id): each filter of the Reports list has an index that
-- leads with the workspace and the filter and ends with that order, so the first page, a page deep in the list
-- (by cursor) and the last page each read only their own rows.
drop index if exists public.newsletter_runs_workspace_idx;
create index newsletter_runs_workspace_idx on public.newsletter_runs (workspace_id, created_at desc, id desc);
create index newsletter_runs_workspace_status_idx on public.newsletter_runs (workspace_id, status, created_at desc, id desc);
create index newsletter_runs_workspace_trigger_idx on public.newsletter_runs (workspace_id, trigger, created_at desc, id desc);

-- The platform's success rates count finished scheduled runs by finish time: a partial index that covers the
-- count (status, and workspace_id for the row-level security check) so it is read from the index alone.
create index newsletter_runs_finished_scheduled_idx on public.newsletter_runs (finished_at) include (status, workspace_id)
  where trigger = 'autopilot' and status in ('success', 'failed');

-- The latest failures, newest first: the top ten are the index's first ten entries.
create index newsletter_runs_failed_idx on public.newsletter_runs (finished_at desc nulls last)
  where status = 'failed' and trigger in ('autopilot', 'test');

-- An optional editor's summary, written by an OpenAI-compatible model from the items a report holds: a schedule
-- asks for it, and each run records what it cost (tokens, time) and, when the report shipped without it, why.
alter table public.autopilot_schedules add column editor_summary boolean not null default false;
grant insert (editor_summary), update (editor_summary) on public.autopilot_schedules to authenticated;

alter table public.newsletter_runs
  add column summary_tokens integer,
  add column summary_ms integer,
  add column summary_note text;

-- Counters now live for windows of very different lengths (15 minutes for sign-ins, 30 days for known
-- addresses, a month for a summary budget): each row says when its window ends, and cleaning up removes only
-- rows a day past that.
alter table public.rate_limits add column window_ends_at timestamptz;
update public.rate_limits set window_ends_at = window_started_at + interval '1 day';
create index rate_limits_ends_idx on public.rate_limits (window_ends_at);

-- Counters for abuse limits (sign-in failures by address and by email, sign-ups by address), shared by every
-- instance of the app, so the limits hold across Vercel's functions. Only the server touches them.
create table public.rate_limits (
  key text primary key check (char_length(key) <= 300),
  count integer not null,
  window_started_at timestamptz not null
);
create index rate_limits_window_idx on public.rate_limits (window_started_at);
alter table public.rate_limits enable row level security;
revoke all on public.rate_limits from anon, authenticated;
grant all on public.rate_limits to service_role;

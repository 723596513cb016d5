-- Supabase compatibility for a plain Postgres or PGlite: the parts of Supabase's `auth` schema and roles
-- that our migrations and policies use. Applied by lib/db/migrate.ts only where Supabase's own is absent;
-- never part of supabase/migrations. Every statement is idempotent.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
  -- The role PostgREST logs in as before it switches to anon or authenticated.
  if not exists (select 1 from pg_roles where rolname = 'authenticator') then
    create role authenticator nologin noinherit;
  end if;
end
$$;
do $$
begin
  grant anon, authenticated, service_role to authenticator;
exception when others then
  null; -- a server whose roles another database's setup made, where we may not grant them
end
$$;

-- Supabase's default privileges: every role of the Data API gets everything in `public`, so migrations must
-- revoke what they do not mean to give. Reproduced here so every test runs under production's privileges.
grant usage on schema public to anon, authenticated, service_role;
alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to anon, authenticated, service_role;

-- The session user must be able to `set role` to these, as Supabase's authenticator does.
do $$
begin
  execute format('grant anon, authenticated, service_role to %I', current_user);
exception when others then
  null; -- already granted, or the current user is a superuser that needs no grant
end
$$;

create schema if not exists auth;

-- Local accounts. Supabase's auth.users has the same id/email/encrypted_password/raw_app_meta_data columns.
create table if not exists auth.users (
  id uuid primary key default gen_random_uuid(),
  email text not null unique check (email = lower(email)),
  encrypted_password text,
  raw_app_meta_data jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- Local sessions: the cookie holds a random token; only its sha256 is stored, so a database leak grants nothing.
create table if not exists auth.sessions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  token_hash text not null unique,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index if not exists sessions_user_id_idx on auth.sessions (user_id);
-- Supabase's columns: single sign-on accounts share addresses, so its email index is partial.
alter table auth.users add column if not exists is_sso_user boolean not null default false;
-- Supabase's column: when the address was confirmed. Admin rights need it (locally the operator confirms).
alter table auth.users add column if not exists email_confirmed_at timestamptz;
-- A session unused for a week ends (idle expiry), whatever its absolute expiry.
alter table auth.sessions add column if not exists last_seen_at timestamptz not null default now();

-- Same definitions as Supabase's: claims come from the transaction-local setting PostgREST sets.
create or replace function auth.jwt() returns jsonb
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')
  )::jsonb
$$;

create or replace function auth.uid() returns uuid
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
  )::uuid
$$;

create or replace function auth.role() returns text
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.role', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
  )::text
$$;

grant usage on schema auth to anon, authenticated, service_role;
grant execute on function auth.jwt(), auth.uid(), auth.role() to anon, authenticated, service_role;

-- Local accounts confirm an address by a link sent to it (admin rights need a confirmed address). Only the
-- sha256 of the link's token is kept; a token works once, for a day.
create table if not exists auth.email_confirmations (
  token_hash text primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  expires_at timestamptz not null
);

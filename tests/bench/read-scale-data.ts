/**
 * The data set the read benchmark measures: one large workspace (BENCH_SCHEDULES schedules, 100 specifications,
 * BENCH_RUNS runs spread over the last 90 days, as many audit entries, a stored report for 10,000 of its runs,
 * a delivery for each of those) and 200 small workspaces beside it (5 schedules and 250 runs each), so the
 * row-level security policies have other tenants' rows to refuse. Written in set-based SQL on the server
 * (about a minute for a million runs), then vacuumed and analysed as autovacuum would leave it.
 */
import type { Database } from "../../lib/db/database";

export interface ReadScaleData {
  workspaceId: string;
  ownerId: string;
  ownerEmail: string;
  adminId: string;
  adminEmail: string;
  scheduleId: string;
  /** When the data set was written: its runs end shortly before it. */
  now: Date;
}

export const OWNER_EMAIL = "bench-owner@example.com";
export const ADMIN_EMAIL = "bench-admin@example.com";
const OTHER_WORKSPACES = 200;
const SPECIFICATIONS = 100;
const REPORTS = 10_000;

/** Whether `db` already holds the data set (a reused benchmark database), and if so its ids. */
export async function findReadScaleData(db: Database): Promise<ReadScaleData | null> {
  const { rows } = await db.query<{ workspace_id: string; owner_id: string; admin_id: string; schedule_id: string; now: Date }>(
    `select w.id as workspace_id, o.id as owner_id, a.id as admin_id, w.created_at as now,
            (select s.id from public.autopilot_schedules s where s.workspace_id = w.id order by s.schedule_name limit 1) as schedule_id
     from public.workspaces w join auth.users o on o.email = $1 join auth.users a on a.email = $2
     where w.name = 'Bench: the large workspace'`,
    [OWNER_EMAIL, ADMIN_EMAIL],
  );
  const row = rows[0];
  return row ? { workspaceId: row.workspace_id, ownerId: row.owner_id, ownerEmail: OWNER_EMAIL, adminId: row.admin_id, adminEmail: ADMIN_EMAIL, scheduleId: row.schedule_id, now: row.now } : null;
}

export async function seedReadScaleData(db: Database, { schedules, runs }: { schedules: number; runs: number }): Promise<ReadScaleData> {
  const runsPerSchedule = Math.max(1, Math.round(runs / schedules));
  const step = (90 * 86_400) / runsPerSchedule; // seconds between one schedule's runs, over 90 days
  await db.exec(`
    insert into auth.users (email, email_confirmed_at) values ('${OWNER_EMAIL}', now()), ('${ADMIN_EMAIL}', now());
    insert into auth.users (email, email_confirmed_at) select 'bench-other-' || i || '@example.com', now() from generate_series(1, ${OTHER_WORKSPACES}) i;

    insert into public.workspaces (name, created_by)
      select 'Bench: the large workspace', id from auth.users where email = '${OWNER_EMAIL}';
    insert into public.workspaces (name, created_by)
      select 'Bench: other ' || substring(email from 'bench-other-([0-9]+)@'), id from auth.users where email like 'bench-other-%';
    insert into public.workspace_members (workspace_id, user_id, email, role)
      select w.id, u.id, u.email, 'owner' from public.workspaces w join auth.users u on u.id = w.created_by;

    insert into public.newsletter_specifications (workspace_id, name, frequency, categories, regions, created_by)
      select w.id, 'Specification ' || lpad(i::text, 3, '0'), 'daily',
             '[{"id": "ai", "name": "AI", "keywords": ["ai"]}]'::jsonb, '["Global"]'::jsonb, w.created_by
      from public.workspaces w cross join generate_series(1, ${SPECIFICATIONS}) i where w.name = 'Bench: the large workspace'
      union all
      select w.id, 'Specification', 'daily', '[{"id": "ai", "name": "AI", "keywords": ["ai"]}]'::jsonb, '["Global"]'::jsonb, w.created_by
      from public.workspaces w where w.name like 'Bench: other %';

    -- Schedules: numbered specifications in turn; due tomorrow, so a tick finds nothing to run.
    insert into public.autopilot_schedules (workspace_id, specification_id, created_by, created_by_user_id, schedule_name,
        schedule_type, schedule_config, next_run_at, last_run_at, last_run_status, run_count, success_count)
      select w.id, s.id, u.email, u.id, 'Schedule ' || lpad(i::text, 5, '0'), 'daily',
             '{"time": "09:00", "timezone": "UTC"}'::jsonb, date_trunc('day', now()) + interval '1 day 9 hours',
             now() - interval '1 hour', 'success', ${runsPerSchedule}, ${runsPerSchedule}
      from public.workspaces w join auth.users u on u.id = w.created_by
      cross join generate_series(1, ${schedules}) i
      join public.newsletter_specifications s on s.workspace_id = w.id and s.name = 'Specification ' || lpad((1 + i % ${SPECIFICATIONS})::text, 3, '0')
      where w.name = 'Bench: the large workspace'
      union all
      select w.id, s.id, u.email, u.id, 'Schedule ' || i, 'daily', '{"time": "09:00", "timezone": "UTC"}'::jsonb,
             date_trunc('day', now()) + interval '1 day 9 hours', null, null, 0, 0
      from public.workspaces w join auth.users u on u.id = w.created_by
      join public.newsletter_specifications s on s.workspace_id = w.id
      cross join generate_series(1, 5) i
      where w.name like 'Bench: other %';
  `);
  // Runs: each schedule's slots over the last 90 days. 90% succeed, 7% fail, 3% are skipped; 2% are test runs.
  await db.exec(`
    insert into public.newsletter_runs (workspace_id, specification_id, specification_name, autopilot_schedule_id, trigger, status,
        scheduled_for, categories, regions, cadence, period_start, period_end, item_count, error, created_at, started_at,
        finished_at, duration_ms)
      select s.workspace_id, s.specification_id, 'Specification', s.id,
             case when (h % 50) = 0 then 'test' else 'autopilot' end,
             case when (h % 100) < 90 then 'success' when (h % 100) < 97 then 'failed' else 'skipped' end,
             t.at, '["ai"]', '["Global"]', 'daily', t.at - interval '1 day', t.at,
             case when (h % 100) < 90 then 12 end,
             case when (h % 100) between 90 and 96 then 'Feed https://feeds.example.com/' || (h % 7) || ' did not answer' end,
             t.at, t.at, t.at + make_interval(secs => 1 + (h % 9)), 1000 + (h % 9) * 1000
      from public.autopilot_schedules s
      cross join generate_series(0, ${runsPerSchedule} - 1) k
      cross join lateral (select now() - interval '90 days' + make_interval(secs => k * ${step} + (abs(hashtext(s.id::text)) % 3600))) as t(at)
      cross join lateral (select abs(hashtext(s.id::text || k)) as h) as hash
      where s.workspace_id = (select id from public.workspaces where name = 'Bench: the large workspace')
         or k < 50;
  `);
  await db.exec(`
    with large as (
      select s.workspace_id, array_agg(s.id::text order by s.schedule_name) as schedule_ids
      from public.autopilot_schedules s join public.workspaces w on w.id = s.workspace_id
      where w.name = 'Bench: the large workspace' group by s.workspace_id
    )
    insert into public.audit_log (workspace_id, actor_type, action, entity_type, entity_id, details, created_at)
      select large.workspace_id, 'autopilot', 'autopilot.run_succeeded', 'autopilot_schedule',
             large.schedule_ids[1 + i % cardinality(large.schedule_ids)], '{}', now() - make_interval(secs => (i * 7) % (90 * 86400))
      from large cross join generate_series(1, ${runs}) i;
  `);
  // Stored reports (and an email delivery each) for the newest successful runs.
  await db.exec(`
    insert into public.report_files (run_id, workspace_id, html, bytes, sha256, created_at)
      select r.id, r.workspace_id, '<p>Report</p>', 13, encode(sha256(r.id::text::bytea), 'hex'), r.finished_at
      from public.newsletter_runs r
      where r.workspace_id = (select id from public.workspaces where name = 'Bench: the large workspace') and r.status = 'success'
      order by r.created_at desc limit ${REPORTS};
    insert into public.deliveries (workspace_id, run_id, schedule_id, type, target, status, attempts, next_attempt_at, created_at, sent_at)
      select f.workspace_id, f.run_id, r.autopilot_schedule_id, 'email', 'team@example.com', 'sent', 1, f.created_at, f.created_at, f.created_at
      from public.report_files f join public.newsletter_runs r on r.id = f.run_id;
  `);
  await db.exec("vacuum analyze");
  const data = await findReadScaleData(db);
  if (!data) throw new Error("the read benchmark's data set was not written");
  return data;
}

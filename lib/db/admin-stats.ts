import "server-only";
import type { Queryable } from "./database";
import { listOverdueSchedules, type OverdueSchedule } from "./overdue-schedules";

export interface AdminStats {
  schedules: { active: number; error: number; paused: number; disabled: number; total: number };
  success_rate: { last_7_days: number | null; last_30_days: number | null; runs_7_days: number; runs_30_days: number };
  overdue: OverdueSchedule[];
  next_runs: { id: string; workspace_id: string; workspace_name: string; schedule_name: string; next_run_at: Date; timezone: string }[];
  recent_failures: { run_id: string; workspace_id: string; workspace_name: string; schedule_id: string | null; schedule_name: string | null; error: string | null; finished_at: Date | null }[];
}

/** Platform-wide Autopilot figures (active, in error, success rates, overdue, next runs). Read under the admin's RLS policies: every workspace. */
export async function readAdminStats(tx: Queryable, { now }: { now: Date }): Promise<AdminStats> {
  // Sequential on purpose: the statements share the transaction's one connection.
  const counts = await tx.query<AdminStats["schedules"]>(
      `select count(*) filter (where enabled and status = 'active')::int as active,
              count(*) filter (where status = 'error')::int as error,
              count(*) filter (where status = 'paused')::int as paused,
              count(*) filter (where not enabled)::int as disabled,
              count(*)::int as total
       from public.autopilot_schedules`,
  );
  // One pass over the last 30 days of finished scheduled runs, read from their partial index alone.
  const rates = await tx.query<{ success_7: number; finished_7: number; success_30: number; finished_30: number }>(
    `select count(*) filter (where r.status = 'success' and r.finished_at > $1::timestamptz - interval '7 days')::int as success_7,
            count(*) filter (where r.finished_at > $1::timestamptz - interval '7 days')::int as finished_7,
            count(*) filter (where r.status = 'success')::int as success_30,
            count(*)::int as finished_30
     from public.newsletter_runs r
     where r.trigger = 'autopilot' and r.status in ('success', 'failed') and r.finished_at > $1::timestamptz - interval '30 days'`,
    [now],
  );
  const overdue = await listOverdueSchedules(tx, { now, limit: 20 });
  const next = await tx.query<AdminStats["next_runs"][number]>(
      `select s.id, s.workspace_id, w.name as workspace_name, s.schedule_name, s.next_run_at, s.schedule_config ->> 'timezone' as timezone
       from public.autopilot_schedules s join public.workspaces w on w.id = s.workspace_id
       where s.enabled and s.status = 'active' and s.next_run_at >= $1
       order by s.next_run_at limit 10`,
    [now],
  );
  const failures = await tx.query<AdminStats["recent_failures"][number]>(
      `select r.id as run_id, r.workspace_id, w.name as workspace_name, r.autopilot_schedule_id as schedule_id,
              s.schedule_name, r.error, r.finished_at
       from public.newsletter_runs r
       join public.workspaces w on w.id = r.workspace_id
       left join public.autopilot_schedules s on s.id = r.autopilot_schedule_id
       where r.status = 'failed' and r.trigger in ('autopilot', 'test')
       order by r.finished_at desc nulls last limit 10`,
  );
  const { success_7, finished_7, success_30, finished_30 } = rates.rows[0];
  const rate = (success: number, finished: number) => (finished > 0 ? success / finished : null);
  return {
    schedules: counts.rows[0],
    success_rate: { last_7_days: rate(success_7, finished_7), last_30_days: rate(success_30, finished_30), runs_7_days: finished_7, runs_30_days: finished_30 },
    overdue,
    next_runs: next.rows,
    recent_failures: failures.rows,
  };
}

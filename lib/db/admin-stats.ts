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
  const rates = await tx.query<{ window_days: number; success: number; finished: number }>(
      `select w.days as window_days,
              count(r.id) filter (where r.status = 'success')::int as success,
              count(r.id) filter (where r.status in ('success', 'failed'))::int as finished
       from (values (7), (30)) as w(days)
       left join public.newsletter_runs r
         on r.trigger = 'autopilot' and r.finished_at > $1::timestamptz - make_interval(days => w.days)
       group by w.days`,
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
  const rate = (days: number) => {
    const row = rates.rows.find((r) => r.window_days === days);
    return { value: row && row.finished > 0 ? row.success / row.finished : null, runs: row?.finished ?? 0 };
  };
  return {
    schedules: counts.rows[0],
    success_rate: { last_7_days: rate(7).value, last_30_days: rate(30).value, runs_7_days: rate(7).runs, runs_30_days: rate(30).runs },
    overdue,
    next_runs: next.rows,
    recent_failures: failures.rows,
  };
}

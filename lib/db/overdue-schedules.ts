import "server-only";
import type { Queryable } from "./database";

/** A schedule that should have run more than a day ago. */
export interface OverdueSchedule {
  id: string;
  workspace_id: string;
  workspace_name: string;
  schedule_name: string;
  next_run_at: Date;
}

const OVERDUE = `s.enabled and s.status = 'active' and s.next_run_at < $1::timestamptz - interval '24 hours'`;

/** How many active schedules are overdue by more than 24 hours (the engine is down or stuck). */
export async function countOverdueSchedules(tx: Queryable, { now }: { now: Date }): Promise<number> {
  const { rows } = await tx.query<{ count: number }>(`select count(*)::int as count from public.autopilot_schedules s where ${OVERDUE}`, [now]);
  return rows[0]?.count ?? 0;
}

/** The longest overdue first. */
export async function listOverdueSchedules(tx: Queryable, { now, limit }: { now: Date; limit: number }): Promise<OverdueSchedule[]> {
  const { rows } = await tx.query<OverdueSchedule>(
    `select s.id, s.workspace_id, w.name as workspace_name, s.schedule_name, s.next_run_at
     from public.autopilot_schedules s join public.workspaces w on w.id = s.workspace_id
     where ${OVERDUE} order by s.next_run_at limit $2`,
    [now, limit],
  );
  return rows;
}

/** The payload of an overdue digest: how many, and the longest overdue first. */
export interface OverdueDigestPayload {
  count: number;
  schedules: { id: string; workspace_name: string; schedule_name: string; next_run_at: string }[];
}

/**
 * When schedules are overdue by more than a day, queues at most one digest per operator per (UTC) day,
 * listing the 20 longest overdue.
 */
export async function enqueueOverdueDigests(tx: Queryable, { now, recipients }: { now: Date; recipients: string[] }): Promise<number> {
  if (recipients.length === 0) return 0;
  const rows = await listOverdueSchedules(tx, { now, limit: 20 });
  if (rows.length === 0) return 0;
  const payload: OverdueDigestPayload = {
    count: await countOverdueSchedules(tx, { now }),
    schedules: rows.map((s) => ({ id: s.id, workspace_name: s.workspace_name, schedule_name: s.schedule_name, next_run_at: new Date(s.next_run_at).toISOString() })),
  };
  const day = now.toISOString().slice(0, 10);
  const { rowCount } = await tx.query(
    `insert into public.deliveries (type, target, kind, payload, dedupe_key, next_attempt_at, created_at)
     select 'email', lower(r), 'overdue_digest', $2::jsonb, 'overdue:' || $3 || ':' || lower(r), $1, $1
     from unnest($4::text[]) as r
     on conflict do nothing`,
    [now, JSON.stringify(payload), day, recipients],
  );
  return rowCount;
}

import "server-only";
import type { Queryable } from "./database";

/**
 * What owners hear about: a schedule failed after working, paused itself, stopped in error, or its reports
 * stopped reaching a destination.
 */
export type OwnerAlertEvent = "failing" | "paused" | "error" | "delivery_failing";

export interface OwnerAlert {
  scheduleId: string;
  event: OwnerAlertEvent;
  runId: string | null;
  error: string | null;
  at: Date;
  /** What makes the event one: an alert is sent once per streak (default: per run, or per instant without one). */
  streak?: string;
}

/** The message of an alert delivery. */
export interface OwnerAlertPayload {
  event: OwnerAlertEvent;
  schedule_name: string;
  error: string | null;
  run_id: string | null;
}

/**
 * Queues one email per alert to the schedule's creator (while still a member) and each workspace owner, in
 * the caller's transaction (the one that records the event). The dedupe key makes an event seen twice (a
 * retried flush, an overlapping tick) one email per recipient.
 */
export async function enqueueOwnerAlerts(tx: Queryable, alerts: OwnerAlert[]): Promise<number> {
  if (alerts.length === 0) return 0;
  const { rowCount } = await tx.query(
    `insert into public.deliveries (workspace_id, run_id, schedule_id, type, target, kind, payload, dedupe_key, next_attempt_at, created_at)
     select distinct on (x.schedule_id, x.event, lower(m.email))
            s.workspace_id, x.run_id, s.id, 'email', lower(m.email), 'alert',
            jsonb_build_object('event', x.event, 'schedule_name', s.schedule_name, 'error', x.error, 'run_id', x.run_id),
            'alert:' || s.id || ':' || x.event || ':' || coalesce(x.streak, x.run_id::text, x.at::text) || ':' || lower(m.email),
            x.at, x.at
     from jsonb_to_recordset($1::jsonb) as x(schedule_id uuid, event text, run_id uuid, error text, at timestamptz, streak text)
     join public.autopilot_schedules s on s.id = x.schedule_id
     join public.workspace_members m on m.workspace_id = s.workspace_id and (m.role = 'owner' or m.user_id = s.created_by_user_id)
     on conflict do nothing`,
    [JSON.stringify(alerts.map((a) => ({ schedule_id: a.scheduleId, event: a.event, run_id: a.runId, error: a.error, at: a.at, streak: a.streak ?? null })))],
  );
  return rowCount;
}

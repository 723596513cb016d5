import "server-only";
import type { Queryable } from "./database";
import type { DestinationType } from "./destinations";
import type { OwnerAlert } from "./owner-alerts";
import { destinationLabel } from "@/lib/url-host";

export const DELIVERY_STATUSES = ["pending", "sent", "failed", "gave_up"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
/** A report to a schedule's destination, an alert to its owners, or the operators' daily overdue digest. */
export type DeliveryKind = "report" | "alert" | "overdue_digest";

/** A delivery as a run's JSON and its history row show it. */
export interface Delivery {
  id: string;
  run_id: string | null;
  kind: DeliveryKind;
  type: DestinationType;
  target: string;
  is_test: boolean;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  provider_ref: string | null;
  created_at: Date;
  sent_at: Date | null;
}

const COLUMNS = `d.id, d.run_id, d.kind, d.type, d.target, d.is_test, d.status, d.attempts, d.next_attempt_at, d.last_error,
  d.provider_ref, d.created_at, d.sent_at`;

/**
 * One pending delivery per destination of each run's schedule, in the transaction that ends the runs: a run
 * that succeeded always has its deliveries, and a run ended twice (never) could not queue them twice.
 */
export async function enqueueScheduledDeliveries(tx: Queryable, runs: { runId: string; scheduleId: string }[], at: Date): Promise<number> {
  if (runs.length === 0) return 0;
  // Queued at the engine's clock (not the database's), so the same tick's deliver phase finds them due.
  const { rowCount } = await tx.query(
    `insert into public.deliveries (workspace_id, run_id, schedule_id, destination_id, type, target, next_attempt_at, created_at)
     select d.workspace_id, x.run_id, d.schedule_id, d.id, d.type, d.target, $2, $2
     from jsonb_to_recordset($1::jsonb) as x(run_id uuid, schedule_id uuid)
     join public.autopilot_destinations d on d.schedule_id = x.schedule_id
     on conflict (run_id, type, target) do nothing`,
    [JSON.stringify(runs.map((r) => ({ run_id: r.runId, schedule_id: r.scheduleId }))), at],
  );
  return rowCount;
}

/** A test run's report goes only to the person who pressed Test run, marked as a test. */
export async function enqueueTestDelivery(tx: Queryable, { workspaceId, runId, scheduleId, email }: { workspaceId: string; runId: string; scheduleId: string; email: string }): Promise<void> {
  await tx.query(
    `insert into public.deliveries (workspace_id, run_id, schedule_id, type, target, is_test)
     values ($1, $2, $3, 'email', lower($4), true) on conflict (run_id, type, target) do nothing`,
    [workspaceId, runId, scheduleId, email],
  );
}

/** A test run asked to reach the schedule's channels too: its Slack channels and webhooks, marked as a test. */
export async function enqueueTestChannelDeliveries(tx: Queryable, { workspaceId, runId, scheduleId }: { workspaceId: string; runId: string; scheduleId: string }): Promise<void> {
  await tx.query(
    `insert into public.deliveries (workspace_id, run_id, schedule_id, destination_id, type, target, is_test)
     select d.workspace_id, $2, d.schedule_id, d.id, d.type, d.target, true
     from public.autopilot_destinations d
     where d.workspace_id = $1 and d.schedule_id = $3 and d.type <> 'email'
     on conflict (run_id, type, target) do nothing`,
    [workspaceId, runId, scheduleId],
  );
}

/** A claimed delivery with everything sending it needs. */
export interface DueDelivery extends Delivery {
  /** Null only for the operators' overdue digest. */
  workspace_id: string | null;
  /** What an alert or digest says. */
  payload: unknown;
  schedule_id: string | null;
  schedule_name: string | null;
  /** The schedule's time zone (periods are named in it). */
  time_zone: string | null;
  secret: string | null;
  unsubscribe_token: string | null;
  /** Whether the recipient is a member of the workspace (members manage their subscriptions in the app). */
  recipient_is_member: boolean;
  /** The run's, for a report (null for a digest, and for an alert about a schedule parked in error). */
  specification_name: string | null;
  cadence: string | null;
  period_start: Date | null;
  period_end: Date | null;
  frequency_period: string | null;
  item_count: number | null;
  run_status: string | null;
  /** What started the run: a Test run's report goes only to whoever pressed it. */
  run_trigger: string | null;
  /** Why the run made no report, when it did not (a batch's message says so of its own report). */
  run_error: string | null;
  /** The recipient's own link to the report (issued just before sending; never stored). */
  report_link?: string | null;
}

/**
 * A delivery of a report, which always has its workspace and specification, and its run (but for "Send a
 * test" before a schedule has any report).
 */
export type ReportDelivery = DueDelivery & { kind: "report"; workspace_id: string; specification_name: string };

export function isReportDelivery(delivery: DueDelivery): delivery is ReportDelivery {
  return delivery.kind === "report" && delivery.workspace_id !== null && delivery.specification_name !== null;
}

/**
 * Claims up to `limit` deliveries due now, in turns across workspaces (each one's oldest first, so one
 * workspace's backlog cannot fill every batch), FOR UPDATE SKIP LOCKED with a lease, counting the
 * attempt before it is made: overlapping ticks take disjoint sets, and a process that dies mid-send leaves a
 * lease that lapses, after which the delivery is tried again (at least once, never lost). Email is claimed
 * only when it can be sent (SMTP configured).
 */
export async function claimDueDeliveries(
  tx: Queryable,
  { now, limit, leaseSeconds, types, runId }: { now: Date; limit: number; leaseSeconds: number; types: DestinationType[]; runId?: string },
): Promise<DueDelivery[]> {
  const { rows } = await tx.query<DueDelivery>(
    `with ranked as (
       select id, next_attempt_at, row_number() over (partition by workspace_id order by next_attempt_at, id) as nth
       from public.deliveries
       where status = 'pending' and next_attempt_at <= $1 and (locked_until is null or locked_until < $1) and type = any($4::text[])
         and ($5::uuid is null or run_id = $5)
     ), due as (
       select x.id from public.deliveries x join ranked r on r.id = x.id
       where x.status = 'pending' and x.next_attempt_at <= $1 and (x.locked_until is null or x.locked_until < $1)
       order by r.nth, r.next_attempt_at, r.id
       limit $2
       for update of x skip locked
     ), d as (
       update public.deliveries d set locked_until = $1::timestamptz + make_interval(secs => $3), attempts = d.attempts + 1, updated_at = now()
       from due where d.id = due.id
       returning d.*
     )
     select ${COLUMNS}, d.workspace_id, d.payload, d.schedule_id, s.schedule_name, s.schedule_config->>'timezone' as time_zone, dest.secret, dest.unsubscribe_token,
            exists (select 1 from public.workspace_members m join auth.users u on u.id = m.user_id
                    where m.workspace_id = d.workspace_id and lower(u.email) = d.target) as recipient_is_member,
            r.specification_name, r.cadence, r.period_start, r.period_end, r.frequency_period, r.item_count, r.status as run_status, r.trigger as run_trigger, r.error as run_error
     from d
     left join public.newsletter_runs r on r.id = d.run_id
     left join public.autopilot_schedules s on s.id = d.schedule_id
     left join public.autopilot_destinations dest on dest.id = d.destination_id
     order by d.next_attempt_at`,
    [now, limit, leaseSeconds, types, runId ?? null],
  );
  return rows;
}

export interface DeliveryResult {
  id: string;
  status: DeliveryStatus;
  error: string | null;
  providerRef: string | null;
  nextAttemptAt: Date | null;
  at: Date;
}

/**
 * Puts claimed deliveries back without sending them, until `until`, with the reason: the attempt they were
 * claimed for is not counted.
 */
export async function deferDeliveries(tx: Queryable, { ids, until, reason }: { ids: string[]; until: Date; reason: string }): Promise<void> {
  if (ids.length === 0) return;
  await tx.query(
    `update public.deliveries set attempts = greatest(attempts - 1, 0), next_attempt_at = $2, last_error = $3, locked_until = null, updated_at = now()
     where id = any($1::uuid[]) and status = 'pending'`,
    [ids, until, reason],
  );
}

/** Records many sends in one statement; each delivery changes from pending once. */
export async function recordDeliveryResults(tx: Queryable, results: DeliveryResult[]): Promise<void> {
  if (results.length === 0) return;
  await tx.query(
    `update public.deliveries d set
       status = x.status, last_error = x.error, provider_ref = coalesce(x.provider_ref, d.provider_ref),
       next_attempt_at = coalesce(x.next_at, d.next_attempt_at), locked_until = null,
       sent_at = case when x.status = 'sent' then x.at else d.sent_at end, updated_at = now()
     from jsonb_to_recordset($1::jsonb) as x(id uuid, status text, error text, provider_ref text, next_at timestamptz, at timestamptz)
     where d.id = x.id and d.status = 'pending'`,
    [JSON.stringify(results.map((r) => ({ id: r.id, status: r.status, error: r.error, provider_ref: r.providerRef, next_at: r.nextAttemptAt, at: r.at })))],
  );
}

export async function listDeliveriesOfRuns(tx: Queryable, { workspaceId, runIds }: { workspaceId: string; runIds: string[] }): Promise<Delivery[]> {
  if (runIds.length === 0) return [];
  const { rows } = await tx.query<Delivery>(
    `select ${COLUMNS} from public.deliveries d where d.workspace_id = $1 and d.run_id = any($2::uuid[]) order by d.kind desc, d.type, d.target`,
    [workspaceId, runIds],
  );
  return rows;
}

/**
 * The owner alerts that just-recorded failures call for: a report delivery (not a test) to a destination that
 * still exists, unless a later delivery to it was already sent (it works again). The streak is the
 * destination and its last successful send before this one, so a destination failing day after day is one
 * alert until it works again.
 */
export async function deliveryFailureAlerts(tx: Queryable, { ids, at }: { ids: string[]; at: Date }): Promise<OwnerAlert[]> {
  if (ids.length === 0) return [];
  const { rows } = await tx.query<{ schedule_id: string; run_id: string; type: DestinationType; target: string; last_error: string | null; streak: string }>(
    `select d.schedule_id, d.run_id, d.type, d.target, d.last_error,
            d.destination_id || ':' || coalesce((
              select max(ok.created_at) from public.deliveries ok
              where ok.destination_id = d.destination_id and ok.status = 'sent' and ok.kind = 'report' and not ok.is_test and ok.created_at < d.created_at
            )::text, 'never') as streak
     from public.deliveries d
     where d.id = any($1::uuid[]) and d.kind = 'report' and not d.is_test and d.schedule_id is not null and d.destination_id is not null
       and not exists (
         select 1 from public.deliveries later
         where later.destination_id = d.destination_id and later.status = 'sent' and later.kind = 'report' and not later.is_test and later.created_at > d.created_at)`,
    [ids],
  );
  return rows.map((row) => ({
    scheduleId: row.schedule_id,
    event: "delivery_failing" as const,
    runId: row.run_id,
    error: `${destinationLabel(row.type, row.target)}: ${row.last_error ?? "not delivered"}`,
    at,
    streak: row.streak,
  }));
}

/** A destination whose latest report delivery is failing (the reason a schedule is "delivery failing"). */
export interface FailingDestination {
  type: DestinationType;
  target: string;
  status: DeliveryStatus;
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date;
}

export async function listFailingDestinations(tx: Queryable, { workspaceId, scheduleId }: { workspaceId: string; scheduleId: string }): Promise<FailingDestination[]> {
  const { rows } = await tx.query<FailingDestination>(
    `select dest.type, dest.target, latest.status, latest.attempts, latest.last_error, latest.next_attempt_at
     from public.autopilot_destinations dest
     cross join lateral (
       select d.status, d.attempts, d.last_error, d.next_attempt_at from public.deliveries d
       where d.destination_id = dest.id and d.kind = 'report' and not d.is_test
       order by d.created_at desc limit 1) latest
     where dest.workspace_id = $1 and dest.schedule_id = $2
       and (latest.status in ('failed', 'gave_up') or (latest.status = 'pending' and latest.last_error is not null))
     order by dest.type, dest.target`,
    [workspaceId, scheduleId],
  );
  return rows;
}

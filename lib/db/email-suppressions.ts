import "server-only";
import type { Queryable } from "./database";

export interface Suppression {
  email: string;
  created_at: Date;
}

/** Records that `email` unsubscribed from the workspace's reports (again: the latest link and schedule win). */
export async function suppressEmail(
  tx: Queryable,
  { workspaceId, email, token, scheduleId }: { workspaceId: string; email: string; token: string | null; scheduleId: string | null },
): Promise<void> {
  await tx.query(
    `insert into public.email_suppressions (workspace_id, email, token, schedule_id) values ($1, lower($2), $3, $4)
     on conflict (workspace_id, email) do update set token = coalesce(excluded.token, email_suppressions.token),
       schedule_id = coalesce(excluded.schedule_id, email_suppressions.schedule_id), created_at = now()`,
    [workspaceId, email, token, scheduleId],
  );
}

/** Which of `emails` unsubscribed from this workspace's reports, and when. */
export async function findSuppressed(tx: Queryable, { workspaceId, emails }: { workspaceId: string; emails: string[] }): Promise<Suppression[]> {
  if (emails.length === 0) return [];
  const { rows } = await tx.query<Suppression>(
    "select email, created_at from public.email_suppressions where workspace_id = $1 and email = any($2::text[]) order by email",
    [workspaceId, emails.map((email) => email.toLowerCase())],
  );
  return rows;
}

/** The person opts in again (by their link, or a member adding their own address): their suppression goes. */
export async function liftSuppression(tx: Queryable, { workspaceId, email }: { workspaceId: string; email: string }): Promise<boolean> {
  const { rowCount } = await tx.query("delete from public.email_suppressions where workspace_id = $1 and email = lower($2)", [workspaceId, email]);
  return (rowCount ?? 0) > 0;
}

/**
 * "Subscribe again" with the unsubscribe link's token: lifts the suppression and puts the address back on the
 * schedule it left, when that still exists. Returns what happened, or null for an unknown token.
 */
export async function resubscribeByToken(
  tx: Queryable,
  { token }: { token: string },
): Promise<{ workspace_id: string; email: string; schedule_id: string | null; schedule_name: string | null } | null> {
  const { rows } = await tx.query<{ workspace_id: string; email: string; schedule_id: string | null }>(
    "delete from public.email_suppressions where token = $1 returning workspace_id, email, schedule_id",
    [token],
  );
  const lifted = rows[0];
  if (!lifted) return null;
  const { rows: restored } = await tx.query<{ schedule_name: string }>(
    `with schedule as (select id, workspace_id, schedule_name from public.autopilot_schedules where id = $1 and workspace_id = $2),
     added as (
       insert into public.autopilot_destinations (workspace_id, schedule_id, type, target, unsubscribe_token)
       select s.workspace_id, s.id, 'email', $3, $4 from schedule s
       on conflict (schedule_id, type, target) do nothing
     )
     select schedule_name from schedule`,
    [lifted.schedule_id, lifted.workspace_id, lifted.email, token],
  );
  return { ...lifted, schedule_name: restored[0]?.schedule_name ?? null };
}

import "server-only";
import { appendAudit } from "@/lib/db/audit-log";
import { getDatabase } from "@/lib/db/connection";
import { removeByUnsubscribeToken } from "@/lib/db/destinations";
import { resubscribeByToken, suppressEmail } from "@/lib/db/email-suppressions";
import { withSystem } from "@/lib/db/transactions";

/**
 * One-click unsubscribe (RFC 8058): the token in the email's link removes that recipient from that schedule,
 * the address is not added to any of the workspace's schedules again unless the person opts in again, and the
 * audit log says who left which schedule. An unknown or used token changes nothing.
 */
export async function unsubscribe(token: string): Promise<{ email: string; scheduleName: string } | null> {
  if (!/^[0-9a-f]{64}$/.test(token)) return null;
  const db = await getDatabase();
  return withSystem(db, async (tx) => {
    const removed = await removeByUnsubscribeToken(tx, { token });
    if (!removed) return null;
    await suppressEmail(tx, { workspaceId: removed.workspace_id, email: removed.target, token, scheduleId: removed.schedule_id });
    await appendAudit(tx, {
      workspaceId: removed.workspace_id,
      actorType: "system",
      actorEmail: removed.target,
      action: "schedule.unsubscribe",
      entityType: "autopilot_schedule",
      entityId: removed.schedule_id,
      details: { schedule_name: removed.schedule_name, email: removed.target },
    });
    return { email: removed.target, scheduleName: removed.schedule_name };
  });
}

/**
 * "Subscribe again" on the page the unsubscribe link opens (only the recipient holds the link): the address may
 * be emailed again and is put back on the schedule it left, with the same link; audited.
 */
export async function resubscribe(token: string): Promise<{ email: string; scheduleName: string | null } | null> {
  if (!/^[0-9a-f]{64}$/.test(token)) return null;
  const db = await getDatabase();
  return withSystem(db, async (tx) => {
    const lifted = await resubscribeByToken(tx, { token });
    if (!lifted) return null;
    await appendAudit(tx, {
      workspaceId: lifted.workspace_id,
      actorType: "system",
      actorEmail: lifted.email,
      action: "schedule.resubscribe",
      entityType: "autopilot_schedule",
      entityId: lifted.schedule_id,
      details: { schedule_name: lifted.schedule_name, email: lifted.email },
    });
    return { email: lifted.email, scheduleName: lifted.schedule_name };
  });
}

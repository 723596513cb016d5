import "server-only";
import { appendAudit } from "@/lib/db/audit-log";
import { getDatabase } from "@/lib/db/connection";
import { removeByUnsubscribeToken } from "@/lib/db/destinations";
import { withSystem } from "@/lib/db/transactions";

/**
 * One-click unsubscribe (RFC 8058): the token in the email's link removes that recipient from that schedule,
 * and the audit log says who left which schedule. An unknown or used token changes nothing.
 */
export async function unsubscribe(token: string): Promise<{ email: string; scheduleName: string } | null> {
  if (!/^[0-9a-f]{64}$/.test(token)) return null;
  const db = await getDatabase();
  return withSystem(db, async (tx) => {
    const removed = await removeByUnsubscribeToken(tx, { token });
    if (!removed) return null;
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

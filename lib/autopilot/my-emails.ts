import "server-only";
import { appendAudit } from "@/lib/db/audit-log";
import { listEmailSubscriptions, removeEmailRecipient } from "@/lib/db/destinations";
import { runAsUser } from "@/lib/db/run-as";
import { asServer, type Actor } from "@/lib/db/transactions";
import { suppressEmail } from "@/lib/db/email-suppressions";
import { notFound } from "@/lib/errors/app-error";
import { isUuid } from "@/lib/validation/ids";
import { requireWorkspace } from "@/lib/workspaces/workspace-access";

/**
 * Members stop their own emails here (people outside the workspace have the one-click link in each email):
 * the schedules of a workspace that email the signed-in person's address.
 */
export function listMyEmails(actor: Actor, workspaceId: string) {
  return runAsUser(actor, async (tx) => {
    await requireWorkspace(tx, actor, workspaceId, "read");
    return { items: await listEmailSubscriptions(tx, { workspaceId, email: actor.email }) };
  });
}

/** Takes the person's address off one schedule's recipients, whoever manages the schedule; audited. */
export function stopMyEmails(actor: Actor, workspaceId: string, scheduleId: string): Promise<{ schedule_name: string }> {
  return runAsUser(actor, async (tx) => {
    await requireWorkspace(tx, actor, workspaceId, "read");
    const removed = isUuid(scheduleId) ? await asServer(tx, () => removeEmailRecipient(tx, { workspaceId, scheduleId, email: actor.email })) : null;
    if (!removed) throw notFound("A schedule emailing you");
    // Nobody else adds the address back; the person may, by adding it themselves.
    await asServer(tx, () => suppressEmail(tx, { workspaceId, email: actor.email, token: null, scheduleId }));
    await appendAudit(tx, {
      workspaceId,
      actorType: "user",
      actorId: actor.id,
      actorEmail: actor.email,
      action: "schedule.unsubscribe",
      entityType: "autopilot_schedule",
      entityId: scheduleId,
      details: { schedule_name: removed.schedule_name, email: actor.email.toLowerCase() },
    });
    return removed;
  });
}

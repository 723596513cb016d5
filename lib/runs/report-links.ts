import "server-only";
import { appendAudit } from "@/lib/db/audit-log";
import type { Queryable } from "@/lib/db/database";
import { getDatabase } from "@/lib/db/connection";
import { countLiveReportLinks, findSharedReport, revokeReportLinks, type SharedReport } from "@/lib/db/report-links";
import { runAsUser } from "@/lib/db/run-as";
import * as runsDb from "@/lib/db/runs";
import { getSchedule } from "@/lib/db/schedules";
import { asServer, withSystem, type Actor } from "@/lib/db/transactions";
import { AppError, notFound } from "@/lib/errors/app-error";
import { hashSecretToken } from "@/lib/http/secret-token";
import { isUuid } from "@/lib/validation/ids";
import { linkTokenSchema } from "@/lib/validation/link-token";
import { requireWorkspace } from "@/lib/workspaces/workspace-access";

/** The report a recipient's link opens, or null (malformed, unknown, revoked, or its report is gone). */
export async function openSharedReport(token: string): Promise<SharedReport | null> {
  if (!linkTokenSchema.safeParse({ token }).success) return null;
  return withSystem(await getDatabase(), (tx) => findSharedReport(tx, { tokenHash: hashSecretToken(token) }));
}

/**
 * Who may end the recipients' links to a run's report: a workspace owner, whoever pressed Generate, or the
 * creator of the schedule that made it.
 */
async function requireLinkManager(tx: Queryable, actor: Actor, workspaceId: string, runId: string): Promise<runsDb.Run> {
  const workspace = await requireWorkspace(tx, actor, workspaceId, "read");
  const run = isUuid(runId) ? await runsDb.getRun(tx, { workspaceId, id: runId }) : null;
  if (!run) throw notFound("Run");
  const schedule = run.autopilot_schedule_id ? await getSchedule(tx, { workspaceId, id: run.autopilot_schedule_id }) : null;
  const allowed = workspace.role === "owner" || (workspace.role === "member" && (run.created_by === actor.id || schedule?.created_by_user_id === actor.id));
  if (!allowed) throw new AppError("forbidden", "Only a workspace owner, or whoever made this report, can revoke its links");
  return run;
}

/** How many recipients' links to a run's report still open it. */
export function countRunLinks(actor: Actor, workspaceId: string, runId: string): Promise<number> {
  return runAsUser(actor, async (tx) => {
    await requireWorkspace(tx, actor, workspaceId, "read");
    return asServer(tx, () => countLiveReportLinks(tx, { workspaceId, runId }));
  });
}

/** Ends every recipient's link to a run's report at once (audited); the report stays in the app. */
export function revokeRunLinks(actor: Actor, workspaceId: string, runId: string, now = new Date()): Promise<{ revoked: number }> {
  return runAsUser(actor, async (tx) => {
    const run = await requireLinkManager(tx, actor, workspaceId, runId);
    const revoked = await asServer(tx, () => revokeReportLinks(tx, { workspaceId, runId: run.id, at: now }));
    await appendAudit(tx, {
      workspaceId,
      actorType: "user",
      actorId: actor.id,
      actorEmail: actor.email,
      action: "report.links_revoked",
      entityType: "newsletter_run",
      entityId: run.id,
      details: { revoked },
    });
    return { revoked };
  });
}

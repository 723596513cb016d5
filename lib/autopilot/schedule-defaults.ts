import "server-only";
import { appendAudit } from "@/lib/db/audit-log";
import type { Queryable } from "@/lib/db/database";
import { runAsUser } from "@/lib/db/run-as";
import * as db from "@/lib/db/schedule-defaults";
import type { Actor } from "@/lib/db/transactions";
import { DEFAULT_POLICY, type SchedulePolicy } from "@/lib/schedule/schedule-policy";
import { requireWorkspace } from "@/lib/workspaces/workspace-access";

/** The policies new schedules of the workspace start with: its owners' choices over the product's defaults. */
async function defaultsOf(tx: Queryable, workspaceId: string): Promise<SchedulePolicy> {
  return { ...DEFAULT_POLICY, ...(await db.getScheduleDefaults(tx, { workspaceId })) };
}

export function getScheduleDefaults(actor: Actor, workspaceId: string): Promise<SchedulePolicy> {
  return runAsUser(actor, async (tx) => {
    await requireWorkspace(tx, actor, workspaceId, "read");
    return defaultsOf(tx, workspaceId);
  });
}

/** The defaults page: the defaults, and whether the signed-in person (an owner) may change them. */
export function loadScheduleDefaultsPage(actor: Actor, workspaceId: string): Promise<{ defaults: SchedulePolicy; canChange: boolean }> {
  return runAsUser(actor, async (tx) => {
    const workspace = await requireWorkspace(tx, actor, workspaceId, "read");
    return { defaults: await defaultsOf(tx, workspaceId), canChange: workspace.role === "owner" };
  });
}

/** Owners only; existing schedules keep their own policies. */
export function setScheduleDefaults(actor: Actor, workspaceId: string, defaults: SchedulePolicy): Promise<SchedulePolicy> {
  return runAsUser(actor, async (tx) => {
    await requireWorkspace(tx, actor, workspaceId, "owner");
    await db.setScheduleDefaults(tx, { workspaceId, defaults });
    await appendAudit(tx, {
      workspaceId,
      actorType: "user",
      actorId: actor.id,
      actorEmail: actor.email,
      action: "workspace.schedule_defaults",
      entityType: "workspace",
      entityId: workspaceId,
      details: { ...defaults },
    });
    return defaults;
  });
}

/**
 * A create request with the workspace's defaults filled in for the policy fields it leaves out (what the
 * caller sends always wins).
 */
export function withScheduleDefaults(body: unknown, defaults: SchedulePolicy): unknown {
  if (!body || typeof body !== "object" || Array.isArray(body)) return body;
  return { ...defaults, ...body };
}

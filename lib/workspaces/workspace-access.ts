import "server-only";
import type { Queryable } from "@/lib/db/database";
import type { Actor } from "@/lib/db/transactions";
import { getWorkspace, type Workspace } from "@/lib/db/workspaces";
import { AppError, notFound } from "@/lib/errors/app-error";
import { isUuid } from "@/lib/validation/ids";

export type WorkspaceNeed = "read" | "member" | "owner";

/**
 * The workspace if `actor` may do what `need` says there. Non-members get 404 (its existence stays private);
 * platform admins may read any workspace but change none; members doing an owner's action get 403.
 */
export async function requireWorkspace(
  tx: Queryable,
  actor: Actor,
  workspaceId: string,
  need: WorkspaceNeed,
): Promise<Workspace> {
  if (!isUuid(workspaceId)) throw notFound("Workspace");
  const workspace = await getWorkspace(tx, { workspaceId, userId: actor.id });
  if (!workspace) throw notFound("Workspace");
  if (need === "read") return workspace;
  if (!workspace.role) {
    throw new AppError("forbidden", "Platform admins can view this workspace but not change it");
  }
  if (need === "owner" && workspace.role !== "owner") {
    throw new AppError("forbidden", "Only a workspace owner can do this");
  }
  return workspace;
}

import "server-only";
import { countWorkspacesCreatedBy } from "@/lib/db/work-caps";
import { WORK_CAPS } from "./work-caps";
import { appendAudit } from "@/lib/db/audit-log";
import type { Queryable } from "@/lib/db/database";
import { runAsUser } from "@/lib/db/run-as";
import type { Actor } from "@/lib/db/transactions";
import { listOpenInvitations, type OpenInvitation } from "@/lib/db/invitations";
import { insertMember, listMembers, type WorkspaceMember } from "@/lib/db/workspace-members";
import { insertWorkspace, listMyWorkspaces, type Workspace } from "@/lib/db/workspaces";
import { AppError } from "@/lib/errors/app-error";
import type { WorkspaceInput } from "@/lib/validation/workspace";
import { requireWorkspace } from "./workspace-access";

/** Inserts the workspace and makes its creator the owner, in the caller's user transaction. */
export async function createWorkspaceIn(tx: Queryable, actor: Actor, input: WorkspaceInput): Promise<Workspace> {
  if ((await countWorkspacesCreatedBy(tx, actor.id)) >= WORK_CAPS.workspacesPerPerson) {
    throw new AppError("conflict", `A person may create at most ${WORK_CAPS.workspacesPerPerson} workspaces; delete one you no longer use`);
  }
  const workspace = await insertWorkspace(tx, { name: input.name, createdBy: actor.id });
  await insertMember(tx, { workspaceId: workspace.id, userId: actor.id, email: actor.email, role: "owner" });
  await appendAudit(tx, {
    workspaceId: workspace.id,
    actorType: "user",
    actorId: actor.id,
    actorEmail: actor.email,
    action: "workspace.create",
    entityType: "workspace",
    entityId: workspace.id,
    details: { name: workspace.name },
  });
  return { ...workspace, role: "owner" };
}

export function createWorkspace(actor: Actor, input: WorkspaceInput): Promise<Workspace> {
  return runAsUser(actor, (tx) => createWorkspaceIn(tx, actor, input));
}

export function listWorkspaces(actor: Actor): Promise<Workspace[]> {
  return runAsUser(actor, (tx) => listMyWorkspaces(tx, { userId: actor.id }));
}

/** The workspace pages' frame: this workspace (if the actor may read it) and the switcher's list, in one transaction. */
export function loadWorkspaceFrame(actor: Actor, workspaceId: string): Promise<{ workspace: Workspace; workspaces: Workspace[] }> {
  return runAsUser(actor, async (tx) => {
    const workspace = await requireWorkspace(tx, actor, workspaceId, "read");
    const workspaces = await listMyWorkspaces(tx, { userId: actor.id });
    // An admin looking at someone else's workspace still sees it in the switcher.
    return { workspace, workspaces: workspaces.some((w) => w.id === workspace.id) ? workspaces : [workspace, ...workspaces] };
  });
}

/** The members page: the workspace and its members, in one transaction. */
export function loadMembersPage(actor: Actor, workspaceId: string): Promise<{ workspace: Workspace; members: WorkspaceMember[]; invitations: OpenInvitation[] }> {
  return runAsUser(actor, async (tx) => {
    const workspace = await requireWorkspace(tx, actor, workspaceId, "read");
    return { workspace, members: await listMembers(tx, { workspaceId }), invitations: await listOpenInvitations(tx, { workspaceId }) };
  });
}

export function listWorkspaceMembers(actor: Actor, workspaceId: string): Promise<WorkspaceMember[]> {
  return runAsUser(actor, async (tx) => {
    await requireWorkspace(tx, actor, workspaceId, "read");
    return listMembers(tx, { workspaceId });
  });
}


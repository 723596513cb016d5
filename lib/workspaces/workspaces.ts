import "server-only";
import { countWorkspacesCreatedBy } from "@/lib/db/work-caps";
import { WORK_CAPS } from "./work-caps";
import { appendAudit } from "@/lib/db/audit-log";
import type { Queryable } from "@/lib/db/database";
import { runAsSystem, runAsUser } from "@/lib/db/run-as";
import type { Actor } from "@/lib/db/transactions";
import { findUserByEmail } from "@/lib/db/users";
import { insertMember, listMembers, type WorkspaceMember } from "@/lib/db/workspace-members";
import { insertWorkspace, listMyWorkspaces, type Workspace } from "@/lib/db/workspaces";
import { AppError } from "@/lib/errors/app-error";
import type { MemberInput, WorkspaceInput } from "@/lib/validation/workspace";
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
export function loadMembersPage(actor: Actor, workspaceId: string): Promise<{ workspace: Workspace; members: WorkspaceMember[] }> {
  return runAsUser(actor, async (tx) => {
    const workspace = await requireWorkspace(tx, actor, workspaceId, "read");
    return { workspace, members: await listMembers(tx, { workspaceId }) };
  });
}

export function listWorkspaceMembers(actor: Actor, workspaceId: string): Promise<WorkspaceMember[]> {
  return runAsUser(actor, async (tx) => {
    await requireWorkspace(tx, actor, workspaceId, "read");
    return listMembers(tx, { workspaceId });
  });
}

/** Owners add an existing account by email. */
export async function addWorkspaceMember(
  actor: Actor,
  workspaceId: string,
  input: MemberInput,
): Promise<WorkspaceMember> {
  // auth.users is not readable by signed-in users (emails stay private), so the lookup is system work.
  const user = await runAsSystem((tx) => findUserByEmail(tx, input.email));
  return runAsUser(actor, async (tx) => {
    await requireWorkspace(tx, actor, workspaceId, "owner");
    if (!user) {
      throw new AppError("not_found", `No account uses ${input.email}; ask them to sign up first`, {
        email: "No account uses this email",
      });
    }
    const member = await insertMember(tx, { workspaceId, userId: user.id, email: user.email, role: input.role });
    if (!member) {
      throw new AppError("conflict", `${user.email} is already a member of this workspace`, {
        email: "Already a member",
      });
    }
    await appendAudit(tx, {
      workspaceId,
      actorType: "user",
      actorId: actor.id,
      actorEmail: actor.email,
      action: "workspace.member_add",
      entityType: "workspace_member",
      entityId: user.id,
      details: { email: user.email, role: input.role },
    });
    return member;
  });
}

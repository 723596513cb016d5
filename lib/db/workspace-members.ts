import "server-only";
import type { Queryable } from "./database";

export type MemberRole = "owner" | "member";

export interface WorkspaceMember {
  user_id: string;
  email: string;
  role: MemberRole;
  created_at: Date;
}

export async function listMembers(tx: Queryable, { workspaceId }: { workspaceId: string }): Promise<WorkspaceMember[]> {
  const { rows } = await tx.query<WorkspaceMember>(
    `select user_id, email, role, created_at from public.workspace_members
     where workspace_id = $1 order by role desc, email`,
    [workspaceId],
  );
  return rows;
}

export async function insertMember(
  tx: Queryable,
  member: { workspaceId: string; userId: string; email: string; role: MemberRole },
): Promise<WorkspaceMember | null> {
  const { rows } = await tx.query<WorkspaceMember>(
    `insert into public.workspace_members (workspace_id, user_id, email, role) values ($1, $2, $3, $4)
     on conflict (workspace_id, user_id) do nothing
     returning user_id, email, role, created_at`,
    [member.workspaceId, member.userId, member.email, member.role],
  );
  return rows[0] ?? null;
}

/** Whether the workspace has a member with this account id or this address. */
export async function hasMember(tx: Queryable, { workspaceId, userId, email }: { workspaceId: string; userId?: string; email?: string }): Promise<boolean> {
  const { rows } = await tx.query(
    "select 1 from public.workspace_members where workspace_id = $1 and (user_id = $2 or email = $3) limit 1",
    [workspaceId, userId ?? null, email ?? null],
  );
  return rows.length > 0;
}

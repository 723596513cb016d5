import "server-only";
import type { Queryable } from "./database";

export interface Workspace {
  id: string;
  name: string;
  role: "owner" | "member" | null;
  created_at: Date;
  specification_count?: number;
}

/** The workspaces the signed-in user belongs to (RLS already limits rows; the join adds their role). */
export async function listMyWorkspaces(tx: Queryable, { userId }: { userId: string }): Promise<Workspace[]> {
  const { rows } = await tx.query<Workspace>(
    `select w.id, w.name, m.role, w.created_at,
       (select count(*)::int from public.newsletter_specifications s where s.workspace_id = w.id) as specification_count
     from public.workspaces w join public.workspace_members m on m.workspace_id = w.id and m.user_id = $1
     order by w.created_at, w.name`,
    [userId],
  );
  return rows;
}

export async function getWorkspace(
  tx: Queryable,
  { workspaceId, userId }: { workspaceId: string; userId: string },
): Promise<Workspace | null> {
  const { rows } = await tx.query<Workspace>(
    `select w.id, w.name, m.role, w.created_at
     from public.workspaces w left join public.workspace_members m on m.workspace_id = w.id and m.user_id = $2
     where w.id = $1`,
    [workspaceId, userId],
  );
  return rows[0] ?? null;
}

export async function insertWorkspace(
  tx: Queryable,
  { name, createdBy }: { name: string; createdBy: string },
): Promise<{ id: string; name: string; created_at: Date }> {
  const { rows } = await tx.query<{ id: string; name: string; created_at: Date }>(
    "insert into public.workspaces (name, created_by) values ($1, $2) returning id, name, created_at",
    [name, createdBy],
  );
  return rows[0];
}

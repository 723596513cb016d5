import "server-only";
import type { Queryable } from "./database";

/** Serializes people's run starts within one workspace for this transaction, so caps count exactly. */
export async function lockWorkspaceForRunStart(tx: Queryable, workspaceId: string): Promise<void> {
  await tx.query("select 1 from public.workspaces where id = $1 for update", [workspaceId]);
}

/** People's runs (Generate, Test run) in a workspace: in progress, started in the last hour, the oldest of those. */
export async function countPeopleRuns(tx: Queryable, { workspaceId, since }: { workspaceId: string; since: Date }): Promise<{ running: number; recent: number; oldestRecent: Date | null }> {
  const { rows } = await tx.query<{ running: number; recent: number; oldest_recent: Date | null }>(
    `select count(*) filter (where status = 'running')::int as running,
            count(*) filter (where created_at > $2)::int as recent,
            min(created_at) filter (where created_at > $2) as oldest_recent
     from public.newsletter_runs
     where workspace_id = $1 and trigger in ('manual', 'test') and (status = 'running' or created_at > $2)`,
    [workspaceId, since],
  );
  return { running: rows[0].running, recent: rows[0].recent, oldestRecent: rows[0].oldest_recent };
}

export async function countWorkspacesCreatedBy(tx: Queryable, userId: string): Promise<number> {
  const { rows } = await tx.query<{ n: number }>("select count(*)::int as n from public.workspaces where created_by = $1", [userId]);
  return rows[0].n;
}

import type { Database } from "@/lib/db/database";
import type { Actor } from "@/lib/db/transactions";
import { createStarterWorkspace } from "@/lib/workspaces/starter-workspace";
import { createUser } from "./users";

/** An owner with the starter workspace a sign-up creates, and its sample specification's id. */
export async function createStarterTeam(db: Database): Promise<{ owner: Actor; workspaceId: string; specId: string }> {
  const owner = await createUser(db, { name: "owner" });
  const workspaceId = (await createStarterWorkspace(db, owner)).id;
  const { rows } = await db.query<{ id: string }>("select id from newsletter_specifications where workspace_id = $1", [workspaceId]);
  return { owner, workspaceId, specId: rows[0].id };
}

/** Switches off a workspace's schedules, so each scenario starts with none of an earlier one's due. */
export async function disableSchedules(db: Database, workspaceId: string): Promise<void> {
  await db.query("update autopilot_schedules set enabled = false where workspace_id = $1", [workspaceId]);
}

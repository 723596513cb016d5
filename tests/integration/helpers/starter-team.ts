import type { Database } from "@/lib/db/database";
import type { Actor } from "@/lib/db/transactions";
import { createStarterWorkspace } from "@/lib/workspaces/starter-workspace";
import { joinWorkspace } from "./members";
import { createUser } from "./users";

/** The id of a starter workspace's sample specification. */
export async function sampleSpecificationId(db: Database, workspaceId: string): Promise<string> {
  const { rows } = await db.query<{ id: string }>("select id from newsletter_specifications where workspace_id = $1", [workspaceId]);
  return rows[0].id;
}

/** An owner with the starter workspace a sign-up creates, and its sample specification's id. */
export async function createStarterTeam(db: Database, { name = "owner" } = {}): Promise<{ owner: Actor; workspaceId: string; specId: string }> {
  const owner = await createUser(db, { name });
  const workspaceId = (await createStarterWorkspace(db, owner)).id;
  return { owner, workspaceId, specId: await sampleSpecificationId(db, workspaceId) };
}

/** The starter team with a member who joined by invitation. */
export async function createTeamWithMember(db: Database): Promise<{ owner: Actor; member: Actor; workspaceId: string; specId: string }> {
  const team = await createStarterTeam(db);
  const member = await createUser(db, { name: "member" });
  await joinWorkspace(team.owner, team.workspaceId, member);
  return { ...team, member };
}

/** Switches off a workspace's schedules, so each scenario starts with none of an earlier one's due. */
export async function disableSchedules(db: Database, workspaceId: string): Promise<void> {
  await db.query("update autopilot_schedules set enabled = false where workspace_id = $1", [workspaceId]);
}

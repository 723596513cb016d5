import type { Actor } from "@/lib/db/transactions";
import type { Workspace } from "@/lib/db/workspaces";

/** Who may change, test-run or delete a schedule: its creator while a member, or a workspace owner. */
export function canManageSchedule(actor: Actor, workspace: Pick<Workspace, "role">, schedule: { created_by_user_id: string | null }): boolean {
  return workspace.role === "owner" || (workspace.role === "member" && schedule.created_by_user_id === actor.id);
}

import "server-only";
import type { SchedulePolicy } from "@/lib/schedule/schedule-policy";
import type { Queryable } from "./database";

/** The policies a workspace's new schedules start with, as stored (fields not set are the product's defaults). */
export async function getScheduleDefaults(tx: Queryable, { workspaceId }: { workspaceId: string }): Promise<Partial<SchedulePolicy>> {
  const { rows } = await tx.query<{ schedule_defaults: Partial<SchedulePolicy> }>("select schedule_defaults from public.workspaces where id = $1", [workspaceId]);
  return rows[0]?.schedule_defaults ?? {};
}

export async function setScheduleDefaults(tx: Queryable, { workspaceId, defaults }: { workspaceId: string; defaults: SchedulePolicy }): Promise<void> {
  await tx.query("update public.workspaces set schedule_defaults = $2, updated_at = now() where id = $1", [workspaceId, JSON.stringify(defaults)]);
}

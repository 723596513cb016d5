import "server-only";
import type { Queryable } from "./database";

export interface ScheduleTemplateRow {
  id: string;
  workspace_id: string;
  name: string;
  description: string | null;
  settings: unknown;
  created_by: string | null;
  created_at: Date;
}

const COLUMNS = "id, workspace_id, name, description, settings, created_by, created_at";

export async function listScheduleTemplates(tx: Queryable, { workspaceId }: { workspaceId: string }): Promise<ScheduleTemplateRow[]> {
  const { rows } = await tx.query<ScheduleTemplateRow>(`select ${COLUMNS} from public.autopilot_schedule_templates where workspace_id = $1 order by lower(name)`, [workspaceId]);
  return rows;
}

export async function getScheduleTemplate(tx: Queryable, { workspaceId, id }: { workspaceId: string; id: string }): Promise<ScheduleTemplateRow | null> {
  const { rows } = await tx.query<ScheduleTemplateRow>(`select ${COLUMNS} from public.autopilot_schedule_templates where workspace_id = $1 and id = $2`, [workspaceId, id]);
  return rows[0] ?? null;
}

/** null when the workspace already has a template of that name (any case). */
export async function insertScheduleTemplate(
  tx: Queryable,
  values: { workspaceId: string; name: string; description: string | null; settings: unknown; createdBy: string },
): Promise<ScheduleTemplateRow | null> {
  const { rows } = await tx.query<ScheduleTemplateRow>(
    `insert into public.autopilot_schedule_templates (workspace_id, name, description, settings, created_by)
     values ($1, $2, $3, $4, $5) on conflict do nothing returning ${COLUMNS}`,
    [values.workspaceId, values.name, values.description, JSON.stringify(values.settings), values.createdBy],
  );
  return rows[0] ?? null;
}

export async function deleteScheduleTemplate(tx: Queryable, { workspaceId, id }: { workspaceId: string; id: string }): Promise<boolean> {
  const { rowCount } = await tx.query("delete from public.autopilot_schedule_templates where workspace_id = $1 and id = $2", [workspaceId, id]);
  return (rowCount ?? 0) > 0;
}

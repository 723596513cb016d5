import "server-only";
import type { Queryable } from "./database";
import { asServer } from "./transactions";

export interface AuditEntry {
  workspaceId: string | null;
  actorType: "user" | "autopilot" | "system";
  actorId?: string | null;
  actorEmail?: string | null;
  action: string;
  entityType: string;
  entityId?: string | null;
  level?: "info" | "warning" | "error";
  details?: Record<string, unknown>;
}

/**
 * Appends to the trail inside the caller's transaction, so the change and its record land together. Only the
 * server writes the trail (people may read their workspace's), so a person's transaction writes it as the server.
 */
export async function appendAudit(tx: Queryable, entry: AuditEntry): Promise<void> {
  await asServer(tx, () => tx.query(
    `insert into public.audit_log
       (workspace_id, actor_type, actor_id, actor_email, action, entity_type, entity_id, level, details)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      entry.workspaceId,
      entry.actorType,
      entry.actorId ?? null,
      entry.actorEmail ?? null,
      entry.action,
      entry.entityType,
      entry.entityId ?? null,
      entry.level ?? "info",
      JSON.stringify(entry.details ?? {}),
    ],
  ));
}

/** Appends many entries in one statement, inside the caller's transaction. */
export async function appendAudits(tx: Queryable, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await asServer(tx, () => tx.query(
    `insert into public.audit_log (workspace_id, actor_type, actor_id, actor_email, action, entity_type, entity_id, level, details)
     select workspace_id, actor_type, actor_id, actor_email, action, entity_type, entity_id, level, details
     from json_to_recordset($1::json) as x(workspace_id uuid, actor_type text, actor_id uuid, actor_email text, action text,
       entity_type text, entity_id text, level text, details jsonb)`,
    [
      JSON.stringify(
        entries.map((e) => ({
          workspace_id: e.workspaceId,
          actor_type: e.actorType,
          actor_id: e.actorId ?? null,
          actor_email: e.actorEmail ?? null,
          action: e.action,
          entity_type: e.entityType,
          entity_id: e.entityId ?? null,
          level: e.level ?? "info",
          details: e.details ?? {},
        })),
      ),
    ],
  ));
}

/** An entry of a schedule's activity: what was done to it, by whom, when. */
export interface ActivityEntry {
  action: string;
  actor_type: AuditEntry["actorType"];
  actor_email: string | null;
  details: Record<string, unknown>;
  created_at: Date;
}

/**
 * A schedule's latest changes of state, newest first: its audit trail without the runs (the history shows
 * those), except the engine's entries that stopped or paused it.
 */
export async function listScheduleActivity(tx: Queryable, { workspaceId, scheduleId, limit = 20 }: { workspaceId: string; scheduleId: string; limit?: number }): Promise<ActivityEntry[]> {
  const { rows } = await tx.query<ActivityEntry>(
    `select action, actor_type, actor_email, details, created_at from public.audit_log
     where workspace_id = $1 and entity_type = 'autopilot_schedule' and entity_id = $2
       and (action not in ('schedule.execute', 'schedule.test_run')
            or (action = 'schedule.execute' and (details->>'status' = 'error' or details->>'paused' = 'true')))
     order by created_at desc limit $3`,
    [workspaceId, scheduleId, limit],
  );
  return rows;
}

import "server-only";
import type { Queryable } from "./database";
import type { ReportFile } from "./report-files";

/** A recipient's link to one report, by its token's hash (the token itself is never stored). */
export interface NewReportLink {
  tokenHash: string;
  workspaceId: string;
  runId: string;
  deliveryId: string | null;
  recipient: string;
}

export async function insertReportLinks(tx: Queryable, links: NewReportLink[]): Promise<void> {
  if (links.length === 0) return;
  await tx.query(
    `insert into public.report_links (token_hash, workspace_id, run_id, delivery_id, recipient)
     select token_hash, workspace_id, run_id, delivery_id, recipient
     from jsonb_to_recordset($1::jsonb) as x(token_hash text, workspace_id uuid, run_id uuid, delivery_id uuid, recipient text)`,
    [JSON.stringify(links.map((l) => ({ token_hash: l.tokenHash, workspace_id: l.workspaceId, run_id: l.runId, delivery_id: l.deliveryId, recipient: l.recipient })))],
  );
}

/** What a link opens: the report and what its header says. */
export interface SharedReport {
  file: ReportFile;
  specification_name: string;
  cadence: string;
  period_start: Date | null;
  period_end: Date | null;
  finished_at: Date | null;
  time_zone: string | null;
}

/** The report a live link opens: not revoked, its run kept, its report stored; else null. */
export async function findSharedReport(tx: Queryable, { tokenHash }: { tokenHash: string }): Promise<SharedReport | null> {
  const { rows } = await tx.query<Omit<SharedReport, "file"> & ReportFile>(
    `select f.run_id, f.html, f.bytes, f.sha256, f.created_at, r.specification_name, r.cadence, r.period_start, r.period_end, r.finished_at,
            s.schedule_config->>'timezone' as time_zone
     from public.report_links l
     join public.newsletter_runs r on r.id = l.run_id
     join public.report_files f on f.run_id = r.id
     left join public.autopilot_schedules s on s.id = r.autopilot_schedule_id
     where l.token_hash = $1 and l.revoked_at is null`,
    [tokenHash],
  );
  const row = rows[0];
  if (!row) return null;
  const { run_id, html, bytes, sha256, created_at, ...header } = row;
  return { file: { run_id, html, bytes, sha256, created_at }, ...header };
}

/** Ends every live link to a run's report; returns how many. */
export async function revokeReportLinks(tx: Queryable, { workspaceId, runId, at }: { workspaceId: string; runId: string; at: Date }): Promise<number> {
  const { rowCount } = await tx.query("update public.report_links set revoked_at = $3 where workspace_id = $1 and run_id = $2 and revoked_at is null", [workspaceId, runId, at]);
  return rowCount;
}

/** How many live links a run's report has (the viewer offers to revoke them). */
export async function countLiveReportLinks(tx: Queryable, { workspaceId, runId }: { workspaceId: string; runId: string }): Promise<number> {
  const { rows } = await tx.query<{ n: number }>("select count(*)::int as n from public.report_links where workspace_id = $1 and run_id = $2 and revoked_at is null", [workspaceId, runId]);
  return rows[0].n;
}

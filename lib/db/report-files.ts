import "server-only";
import type { Queryable } from "./database";

/** The part of a report that deliveries show inline: per category its top headlines, with links and summaries. */
export interface ReportDigest {
  sections: { category: string; count: number; new_count?: number; items: { title: string; url: string; summary: string; source: string; new?: boolean }[] }[];
  /** Against the schedule's previous report, when there is one. */
  changes?: { since: string; new_count: number; dropped_count: number; dropped: { title: string; url: string }[] } | null;
}

export interface ReportFile {
  run_id: string;
  html: string;
  bytes: number;
  sha256: string;
  created_at: Date;
}

export interface NewReportFile {
  runId: string;
  workspaceId: string;
  html: string;
  bytes: number;
  sha256: string;
  digest: ReportDigest;
}

/** Stores many reports in one statement (the engine ends a group of runs together). */
export async function insertReportFiles(tx: Queryable, files: NewReportFile[]): Promise<void> {
  if (files.length === 0) return;
  await tx.query(
    `insert into public.report_files (run_id, workspace_id, html, bytes, sha256, digest)
     select run_id, workspace_id, html, bytes, sha256, digest
     from jsonb_to_recordset($1::jsonb) as x(run_id uuid, workspace_id uuid, html text, bytes int, sha256 text, digest jsonb)`,
    [JSON.stringify(files.map((f) => ({ run_id: f.runId, workspace_id: f.workspaceId, html: f.html, bytes: f.bytes, sha256: f.sha256, digest: f.digest })))],
  );
}

/** What deliveries show of a report: its digest, and its HTML only where an email attaches it. */
export interface DeliveredReport {
  digest: ReportDigest;
  html: string | null;
}

/** The reports of many runs at once, each read once however many deliveries it has. */
export async function findDeliveredReports(tx: Queryable, { runIds, htmlFor }: { runIds: string[]; htmlFor: string[] }): Promise<Map<string, DeliveredReport>> {
  if (runIds.length === 0) return new Map();
  const { rows } = await tx.query<DeliveredReport & { run_id: string }>(
    "select run_id, digest, case when run_id = any($2::uuid[]) then html end as html from public.report_files where run_id = any($1::uuid[])",
    [runIds, htmlFor],
  );
  return new Map(rows.map(({ run_id, ...report }) => [run_id, report]));
}

export async function getReportFile(
  tx: Queryable,
  { workspaceId, runId }: { workspaceId: string; runId: string },
): Promise<ReportFile | null> {
  const { rows } = await tx.query<ReportFile>(
    "select run_id, html, bytes, sha256, created_at from public.report_files where workspace_id = $1 and run_id = $2",
    [workspaceId, runId],
  );
  return rows[0] ?? null;
}

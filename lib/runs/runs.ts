import "server-only";
import { withDeliveries, type RunWithDeliveries } from "./run-deliveries";
import { getDatabase } from "@/lib/db/connection";
import { getReportFile, type ReportFile } from "@/lib/db/report-files";
import { runAsUser } from "@/lib/db/run-as";
import * as runsDb from "@/lib/db/runs";
import type { Actor } from "@/lib/db/transactions";
import { recoverOverdueRunsOf } from "@/lib/engine/recover-overdue-runs";
import { beginGeneratorRun, type GeneratorRequest, type StartedRun } from "@/lib/generator/execute-generator";
import { notFound } from "@/lib/errors/app-error";
import { isUuid } from "@/lib/validation/ids";
import type { RunListQuery, RunRequest } from "@/lib/validation/run";
import { requireWorkspace } from "@/lib/workspaces/workspace-access";

/** A run as the pages and the API show it. */
export type RunView = runsDb.Run;

/**
 * A member's Generate: checks and records the run now (so the caller can answer 202 with it) and hands back
 * the rest of the work, which the route runs after the response.
 */
export async function startManualRun(
  actor: Actor,
  workspaceId: string,
  input: RunRequest,
): Promise<StartedRun> {
  await runAsUser(actor, (tx) => requireWorkspace(tx, actor, workspaceId, "member"));
  const request: GeneratorRequest = {
    workspaceId,
    specificationId: input.specification_id,
    actor: { kind: "user", id: actor.id, email: actor.email },
    categoriesOverride: input.categories_override,
    regionsOverride: input.regions_override,
    cadenceOverride: input.cadence_override,
    trigger: "manual",
  };
  const db = await getDatabase();
  if (isUuid(input.specification_id)) await recoverOverdueRunsOf(db, { workspaceId, specificationId: input.specification_id });
  return beginGeneratorRun(db, request);
}

export function listWorkspaceRuns(actor: Actor, workspaceId: string, query: RunListQuery) {
  return runAsUser(actor, async (tx) => {
    await requireWorkspace(tx, actor, workspaceId, "read");
    return withDeliveries(
      tx,
      workspaceId,
      await runsDb.listRuns(tx, {
        workspaceId,
        filters: { status: query.status, trigger: query.trigger, specificationId: query.specification_id, limit: query.limit, offset: query.offset, position: query.cursor },
      }),
    );
  });
}

/** One run, with its deliveries. */
export function getWorkspaceRun(actor: Actor, workspaceId: string, runId: string): Promise<RunWithDeliveries> {
  return runAsUser(actor, async (tx) => {
    await requireWorkspace(tx, actor, workspaceId, "read");
    const run = isUuid(runId) ? await runsDb.getRun(tx, { workspaceId, id: runId }) : null;
    if (!run) throw notFound("Run");
    return (await withDeliveries(tx, workspaceId, { items: [run] })).items[0];
  });
}

export function getRunReport(actor: Actor, workspaceId: string, runId: string): Promise<{ run: runsDb.Run; file: ReportFile }> {
  return runAsUser(actor, async (tx) => {
    await requireWorkspace(tx, actor, workspaceId, "read");
    const run = isUuid(runId) ? await runsDb.getRun(tx, { workspaceId, id: runId }) : null;
    if (!run) throw notFound("Run");
    const file = await getReportFile(tx, { workspaceId, runId });
    if (!file) throw notFound("Report (the run has not produced one)");
    return { run, file };
  });
}

/** "weekly-tech-briefing-2026-11-26.html" */
export function reportFileName(run: runsDb.Run): string {
  const slug = run.specification_name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60) || "report";
  const date = (run.period_end ?? run.created_at).toISOString().slice(0, 10);
  return `${slug}-${date}.html`;
}

import "server-only";
import { randomUUID } from "node:crypto";
import type { Database, Queryable } from "@/lib/db/database";
import { insertRuns, plannedRun, type NewRun, type Run } from "@/lib/db/runs";
import type { Specification } from "@/lib/db/specifications";
import { withSystem } from "@/lib/db/transactions";
import { recordRunOutcomes, type RunOutcome } from "@/lib/generator/execute-generator";
import { wholeSpecificationReport } from "@/lib/generator/whole-specification-report";
import { admitRun } from "@/lib/generator/run-admission";
import type { SlotEnd } from "./outcome-flusher";
import type { BatchSlot, EngineContext, FurtherReportPlan, StartedSlot } from "./start-batch";

/** How one of a batch's further reports ended: what the slot's outcome and its delivery say of it. */
export interface BatchReportEnd {
  position: number;
  runId: string;
  specificationName: string;
  status: SlotEnd;
  error: string | null;
}

/** A batch slot's generation: its own report's outcome (what the slot's run records) and its further reports. */
export interface BatchGeneration {
  outcome: RunOutcome;
  batch?: BatchReportEnd[];
}

/** Why a further report was not made although the slot ran: written on its own run, shown in history and the delivery. */
const BATCH_TIME_UP = "Timed out: the batch's run timeout ran out before this report's turn";
const REPORT_MADE_MEANWHILE = "Skipped: another run made this period's report while this one was being generated";

/**
 * A batch schedule's slot: its own report (unless its period has one already), then one report per further
 * specification, in order, each under that specification's own frequency rule and with all its categories and
 * regions. Each further report is its own run of the slot (batch_position 1–9), written once when it ends, so
 * history shows every report and a process that dies mid-batch loses only the report being made. The
 * reports share the slot's run timeout. A later attempt of the slot (a retry, or a claim after a crash)
 * keeps the further reports already made or skipped, and makes the failed and missing ones again.
 */
export async function renderBatch(db: Database, started: StartedSlot & { batch: BatchSlot }, ctx: EngineContext): Promise<BatchGeneration> {
  const outcome = started.batch.leadSkip
    ? leadSkipped(started.run, started.batch.leadSkip, ctx.clock())
    : await ctx.generator.render(db, started.run, started.request);
  const batch: BatchReportEnd[] = [];
  for (const [index, plan] of started.batch.specs.entries()) batch.push(await makeFurtherReport(db, started, plan, index + 1, ctx));
  return { outcome, batch };
}

function leadSkipped(run: Run, reason: string, at: Date): RunOutcome {
  return { id: run.id, status: "skipped", itemCount: null, error: reason, notes: [], finishedAt: at, run, report: null };
}

function endOf(run: Pick<Run, "id" | "batch_position" | "specification_name" | "status" | "error">): BatchReportEnd {
  return { position: run.batch_position!, runId: run.id, specificationName: run.specification_name, status: run.status as SlotEnd, error: run.error };
}

/** The further report this slot already has at `position` for this specification, unless it failed (then it is made again). */
async function keptReport(tx: Queryable, started: StartedSlot, spec: Specification, position: number): Promise<BatchReportEnd | null> {
  await tx.query(
    `delete from public.newsletter_runs
     where autopilot_schedule_id = $1 and scheduled_for = $2 and batch_position = $3 and (status = 'failed' or specification_id is distinct from $4)`,
    [started.schedule.id, started.slot, position, spec.id],
  );
  const kept = await tx.query<Run>(
    `select id, batch_position, specification_name, status, error from public.newsletter_runs
     where autopilot_schedule_id = $1 and scheduled_for = $2 and batch_position = $3`,
    [started.schedule.id, started.slot, position],
  );
  return kept.rows[0] ? endOf(kept.rows[0]) : null;
}

function furtherRun(started: StartedSlot, spec: Specification, position: number, now: Date): NewRun & { id: string } {
  return {
    id: randomUUID(),
    workspaceId: started.schedule.workspace_id,
    ...wholeSpecificationReport(spec, started.slot),
    trigger: "autopilot",
    autopilotScheduleId: started.schedule.id,
    scheduledFor: started.slot,
    missedSlots: started.missed,
    startedAt: now,
    batchPosition: position,
  };
}

async function makeFurtherReport(db: Database, started: StartedSlot, { spec, skip }: FurtherReportPlan, position: number, ctx: EngineContext): Promise<BatchReportEnd> {
  const now = ctx.clock();
  const base = furtherRun(started, spec, position, now);
  const writeEnded = (tx: Queryable, status: "skipped" | "failed", error: string, frequencyPeriod: string | null = null) =>
    insertRuns(tx, [{ ...base, status, error, frequencyPeriod, finishedAt: now }]);
  const admitted = await withSystem(db, async (tx) => {
    const kept = await keptReport(tx, started, spec, position);
    if (kept) return { kept };
    if (skip) {
      const [run] = await writeEnded(tx, "skipped", skip);
      return { kept: run ? endOf(run) : null };
    }
    const admission = await admitRun(tx, spec, { trigger: "autopilot", periodAt: started.slot, periodTimeZone: started.schedule.schedule_config.timezone });
    if (!admission.admitted) {
      const frequency = admission.refusal.kind === "period_taken";
      const [run] = await writeEnded(tx, "skipped", frequency ? `Frequency limit: ${admission.refusal.message}` : `Skipped: ${admission.refusal.message}`);
      return { kept: run ? endOf(run) : null };
    }
    const deadline = started.run.deadline_at;
    if (deadline && deadline.getTime() <= now.getTime()) {
      const [run] = await writeEnded(tx, "failed", BATCH_TIME_UP);
      return { kept: run ? endOf(run) : null };
    }
    return { period: admission.period?.key ?? null, deadline };
  });
  if ("kept" in admitted) return admitted.kept ?? { position, runId: base.id, specificationName: spec.name, status: "skipped", error: REPORT_MADE_MEANWHILE };

  const run: NewRun & { id: string } = { ...base, frequencyPeriod: admitted.period, deadlineAt: admitted.deadline };
  const secondsLeft = admitted.deadline ? Math.max(1, Math.floor((admitted.deadline.getTime() - now.getTime()) / 1000)) : undefined;
  const outcome = await ctx.generator.render(db, plannedRun(run, now), {
    ...started.request,
    specificationId: spec.id,
    specification: spec,
    categoriesOverride: null,
    regionsOverride: null,
    cadenceOverride: null,
    runTimeoutSeconds: secondsLeft ?? started.request.runTimeoutSeconds,
  });
  return withSystem(db, async (tx) => {
    const [ended] = await recordRunOutcomes(tx, [outcome], new Map([[run.id, run]]));
    if (ended) return endOf(ended);
    // Refused by a unique rule: someone's Generate made this period's report meanwhile.
    const [skipped] = await insertRuns(tx, [{ ...run, status: "skipped", error: REPORT_MADE_MEANWHILE, frequencyPeriod: null, finishedAt: outcome.finishedAt }]);
    return skipped ? endOf(skipped) : { position, runId: run.id, specificationName: spec.name, status: "skipped", error: REPORT_MADE_MEANWHILE };
  });
}

/**
 * What a batch slot's end is, from its own run and its further reports: its own report failing is the slot
 * failing (retried by the schedule's policy, the failed further reports with it); a further report failing
 * fails the slot without a retry of its own (the owners hear of it); otherwise a success if any report was made.
 */
export function batchSlotEnd(own: Pick<Run, "status" | "error">, permanent: boolean | undefined, batch: BatchReportEnd[] | undefined): { status: SlotEnd; error: string | null; permanent?: boolean } {
  const status = own.status as SlotEnd;
  if (!batch?.length || status === "failed") return { status, error: own.error, permanent };
  const failed = batch.find((report) => report.status === "failed");
  if (failed) return { status: "failed", error: `Report “${failed.specificationName}” failed: ${failed.error ?? "no reason given"}`, permanent: true };
  if (status === "success" || batch.some((report) => report.status === "success")) return { status: "success", error: null };
  return { status: "skipped", error: own.error ?? batch[0].error };
}

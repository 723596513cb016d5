import "server-only";
import type { Database } from "@/lib/db/database";
import { getRun, insertRuns, type Run } from "@/lib/db/runs";
import { findSpecificationsByIds, type Specification } from "@/lib/db/specifications";
import { withSystem } from "@/lib/db/transactions";
import { completeGeneratorRun, recordRunOutcomes, renderRun, tryStartGeneratorRun, type GeneratorRequest, type RunFinishHook } from "@/lib/generator/execute-generator";
import { wholeSpecificationReport } from "@/lib/generator/whole-specification-report";

/** What a further report of a batch's Test run says when the test's time ran out before it. */
const TEST_TIME_UP = "Not made: the test run's time was up before this report";

/**
 * The rest of a batch schedule's Test run once its lead run (the schedule's own report) has started: the own
 * report is made but not yet recorded, so the lead keeps the schedule's one test place while the batch is
 * made; then one further test run per further specification, in the batch's order, each with what is left
 * of the lead's time (one that cannot start is recorded skipped with the reason); then the lead's end is
 * recorded, with `onFinish` in the same transaction. Never throws for a report that fails: it is recorded
 * failed. A process that dies on the way leaves runs that recovery fails "timed out" after their deadlines.
 */
export async function completeBatchTestRun(
  db: Database,
  lead: Run,
  request: GeneratorRequest,
  furtherIds: string[],
  onFinish: RunFinishHook,
): Promise<Run> {
  const clock = request.clock ?? (() => new Date());
  const own = await renderRun(db, lead, request);
  const found = await withSystem(db, (tx) => findSpecificationsByIds(tx, { ids: furtherIds }));
  const specs = new Map(found.filter((spec) => spec.workspace_id === lead.workspace_id).map((spec) => [spec.id, spec]));
  for (const [index, id] of furtherIds.entries()) {
    const spec = specs.get(id);
    if (!spec) continue; // deleted meanwhile: it left the batch
    const batch = { position: index + 1, leadRunId: lead.id };
    const secondsLeft = Math.floor(((lead.deadline_at?.getTime() ?? Infinity) - clock().getTime()) / 1000);
    if (secondsLeft < 1) {
      await recordUnmade(db, lead, spec, batch, "failed", TEST_TIME_UP, clock());
      continue;
    }
    const further: GeneratorRequest = { ...request, specificationId: spec.id, specification: spec, categoriesOverride: null, regionsOverride: null, cadenceOverride: null, batch, runTimeoutSeconds: secondsLeft };
    const started = await tryStartGeneratorRun(db, further);
    if (started.refusal) {
      await recordUnmade(db, lead, spec, batch, "skipped", `Skipped: ${started.refusal.message}`, clock());
      continue;
    }
    await completeGeneratorRun(db, started.run, { ...further, specification: started.spec });
  }
  const ended = await withSystem(db, async (tx) => {
    const [run] = await recordRunOutcomes(tx, [own]);
    if (run) await onFinish(tx, run);
    return run;
  });
  // Recovery failed the lead meanwhile (the batch outlived its time): say what it is now.
  return ended ?? (await withSystem(db, (tx) => getRun(tx, { workspaceId: lead.workspace_id, id: lead.id }))) ?? lead;
}

/** A further report of a batch's Test run that was not made, recorded ended with the reason. */
async function recordUnmade(db: Database, lead: Run, spec: Specification, batch: { position: number; leadRunId: string }, status: "skipped" | "failed", error: string, now: Date) {
  await withSystem(db, (tx) =>
    insertRuns(tx, [
      {
        workspaceId: lead.workspace_id,
        ...wholeSpecificationReport(spec, now),
        trigger: "test",
        autopilotScheduleId: lead.autopilot_schedule_id,
        createdBy: lead.created_by,
        createdByEmail: lead.created_by_email,
        status,
        error,
        startedAt: now,
        finishedAt: now,
        batchPosition: batch.position,
        batchLeadRunId: batch.leadRunId,
      },
    ]),
  );
}

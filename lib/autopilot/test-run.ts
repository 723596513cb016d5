import "server-only";
import { getDatabase } from "@/lib/db/connection";
import { enqueueTestChannelDeliveries, enqueueTestDelivery } from "@/lib/db/deliveries";
import type { Queryable } from "@/lib/db/database";
import type { Run } from "@/lib/db/runs";
import { deliverDue } from "@/lib/delivery/deliver-due";
import type { Actor } from "@/lib/db/transactions";
import { recoverOverdueRunsOf } from "@/lib/engine/recover-overdue-runs";
import { beginGeneratorRun, startGeneratorRun, type GeneratorRequest, type StartedRun } from "@/lib/generator/execute-generator";
import { completeBatchTestRun } from "./batch-test-run";
import { requireManagedSchedule } from "./schedules";

/**
 * "Test run": the schedule's report, now (a batch's: each of its reports, made one after another). It neither
 * moves next_run_at nor counts toward the frequency limit; one at a time per schedule (the database refuses a
 * second while one runs; a test run whose process died stops counting once its deadline passes). When its own
 * report is made, it is emailed only to whoever pressed it, marked as a test (when SMTP_URL is set; otherwise
 * the delivery waits, visible, like any email), a batch's reports together in one email; with `channels`, it
 * is also posted to the schedule's Slack channels and webhooks, marked as a test. Other email recipients never
 * get a test.
 */
export async function startTestRun(
  actor: Actor,
  workspaceId: string,
  scheduleId: string,
  { channels = false }: { channels?: boolean } = {},
): Promise<StartedRun> {
  const schedule = await requireManagedSchedule(actor, workspaceId, scheduleId);
  const request: GeneratorRequest = {
    workspaceId,
    specificationId: schedule.specification_id,
    actor: { kind: "user", id: actor.id, email: actor.email },
    categoriesOverride: schedule.categories_override,
    regionsOverride: schedule.regions_override,
    cadenceOverride: schedule.cadence_override,
    trigger: "test",
    autopilotScheduleId: schedule.id,
    timeZone: schedule.schedule_config.timezone,
    scheduleName: schedule.schedule_name,
    editorSummary: schedule.editor_summary,
  };
  const db = await getDatabase();
  await recoverOverdueRunsOf(db, { workspaceId, specificationId: schedule.specification_id });
  // A successful test run is emailed to the person who pressed it, and nobody else, right after it ends.
  const onFinish = async (tx: Queryable, ended: Run) => {
    if (ended.status !== "success") return;
    await enqueueTestDelivery(tx, { workspaceId, runId: ended.id, scheduleId: schedule.id, email: actor.email });
    if (channels) await enqueueTestChannelDeliveries(tx, { workspaceId, runId: ended.id, scheduleId: schedule.id });
  };
  const deliverAfter = (complete: () => Promise<Run>) => async () => {
    const ended = await complete();
    if (ended.status === "success") await deliverDue(db, { clock: () => new Date(), runId: ended.id });
    return ended;
  };
  if (schedule.batch_specification_ids.length === 0) {
    const started = await beginGeneratorRun(db, request, onFinish);
    return { run: started.run, complete: deliverAfter(started.complete) };
  }
  const { run, spec } = await startGeneratorRun(db, request);
  return { run, complete: deliverAfter(() => completeBatchTestRun(db, run, { ...request, specification: spec }, schedule.batch_specification_ids, onFinish)) };
}

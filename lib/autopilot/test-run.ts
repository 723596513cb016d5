import { appendAudit } from "@/lib/db/audit-log";
import { getDatabase } from "@/lib/db/connection";
import type { Run } from "@/lib/db/runs";
import { withSystem, type Actor } from "@/lib/db/transactions";
import { completeGeneratorRun, startGeneratorRun, type GeneratorRequest } from "@/lib/generator/execute-generator";
import { AppError } from "@/lib/http/app-error";
import { requireManagedSchedule } from "./schedules";

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "23505";
}

/**
 * "Test run": the schedule's report, now. It neither moves next_run_at nor counts toward the frequency
 * limit; one at a time per schedule (the database refuses a second while one runs).
 */
export async function startTestRun(
  actor: Actor,
  workspaceId: string,
  scheduleId: string,
): Promise<{ run: Run; complete: () => Promise<Run> }> {
  const schedule = await requireManagedSchedule(actor, workspaceId, scheduleId);
  const db = await getDatabase();
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
  };
  let run: Run;
  try {
    run = await startGeneratorRun(db, request);
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict", "A test run of this schedule is already running; wait for it to finish");
    throw error;
  }
  await withSystem(db, (tx) =>
    appendAudit(tx, {
      workspaceId,
      actorType: "user",
      actorId: actor.id,
      actorEmail: actor.email,
      action: "schedule.test_run",
      entityType: "autopilot_schedule",
      entityId: schedule.id,
      details: { schedule_name: schedule.schedule_name, run_id: run.id },
    }),
  );
  return { run, complete: () => completeGeneratorRun(db, run, request) };
}

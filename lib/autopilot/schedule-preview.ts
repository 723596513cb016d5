import "server-only";
import { runAsUser } from "@/lib/db/run-as";
import * as db from "@/lib/db/schedules";
import { findSpecification } from "@/lib/db/specifications";
import type { Actor } from "@/lib/db/transactions";
import { AppError } from "@/lib/errors/app-error";
import { previewSchedule, type SchedulePreview } from "@/lib/schedule/preview";
import type { SchedulePreviewRequest } from "@/lib/validation/schedule-preview";
import { requireWorkspace } from "@/lib/workspaces/workspace-access";
import { loadForecastContexts } from "./schedule-forecast";

/**
 * The editor's preview. With a specification, the prediction weighs what will really happen: its frequency
 * (unless a report period override is chosen), its other running schedules and the periods its runs already
 * hold, so a slot another schedule or a Generate reports first is shown skipped, naming it.
 */
export async function previewDraftSchedule(actor: Actor, request: SchedulePreviewRequest, now = new Date()): Promise<SchedulePreview> {
  const { count, after, frequency, workspace_id: workspaceId, specification_id: specificationId, schedule_id: scheduleId, cadence_override: cadenceOverride, ...schedule } = request;
  const from = after ? new Date(after) : now;
  if (!workspaceId || !specificationId) return previewSchedule(schedule, { count, after: from, frequency });
  return runAsUser(actor, async (tx) => {
    await requireWorkspace(tx, actor, workspaceId, "read");
    const spec = await findSpecification(tx, { workspaceId, id: specificationId });
    if (!spec) throw new AppError("not_found", "Specification not found in this workspace", { specification_id: "No such specification in this workspace" });
    const context = (await loadForecastContexts(tx, { workspaceId, specifications: [spec], now })).get(spec.id)!;
    const stored = scheduleId ? await db.getSchedule(tx, { workspaceId, id: scheduleId }) : null;
    return previewSchedule(schedule, {
      count,
      after: from,
      frequency: cadenceOverride ? null : spec.frequency,
      siblings: context.siblings,
      taken: context.taken,
      ...(stored ? { id: stored.id, name: stored.schedule_name } : {}),
    });
  });
}

import "server-only";
import { runAsUser } from "@/lib/db/run-as";
import * as db from "@/lib/db/schedules";
import { findSpecification } from "@/lib/db/specifications";
import type { Actor } from "@/lib/db/transactions";
import { AppError } from "@/lib/errors/app-error";
import { previewSchedule, type SchedulePreview } from "@/lib/schedule/preview";
import type { SchedulePreviewRequest } from "@/lib/validation/schedule-preview";
import { requireWorkspace } from "@/lib/workspaces/workspace-access";
import { findSpecificationsByIds } from "@/lib/db/specifications";
import { finestFrequency } from "@/lib/schedule/frequency";
import { effectiveCadence } from "@/lib/schedule/preview";
import { furtherReportForecastId, loadForecastContexts, reportsBySlot } from "./schedule-forecast";

/**
 * The editor's preview. With a specification, the prediction weighs what will really happen: its frequency
 * (unless a report period override is chosen), its other running schedules and the periods its runs already
 * hold, so a slot another schedule or a Generate reports first is shown skipped, naming it.
 */
export async function previewDraftSchedule(actor: Actor, request: SchedulePreviewRequest, now = new Date()): Promise<SchedulePreview> {
  const {
    count,
    after,
    frequency,
    workspace_id: workspaceId,
    specification_id: specificationId,
    schedule_id: scheduleId,
    cadence_override: cadenceOverride,
    batch_specification_ids: batchIds = [],
    ...schedule
  } = request;
  const from = after ? new Date(after) : now;
  if (!workspaceId || !specificationId) return previewSchedule(schedule, { count, after: from, frequency });
  return runAsUser(actor, async (tx) => {
    await requireWorkspace(tx, actor, workspaceId, "read");
    const spec = await findSpecification(tx, { workspaceId, id: specificationId });
    if (!spec) throw new AppError("not_found", "Specification not found in this workspace", { specification_id: "No such specification in this workspace" });
    const further = batchIds.length ? (await findSpecificationsByIds(tx, { ids: batchIds })).filter((s) => s.workspace_id === workspaceId && s.id !== spec.id) : [];
    const contexts = await loadForecastContexts(tx, { workspaceId, specifications: [spec, ...further.filter((s) => s.status === "active")], now });
    const context = contexts.get(spec.id)!;
    const stored = scheduleId ? await db.getSchedule(tx, { workspaceId, id: scheduleId }) : null;
    const self = stored ? { id: stored.id, name: stored.schedule_name } : {};
    const preview = previewSchedule(schedule, { count, after: from, frequency: cadenceOverride ? null : spec.frequency, siblings: context.siblings, taken: context.taken, ...self });
    if (further.length === 0) return preview;
    // A batch: each further report is forecast as one more schedule of its specification (the stored batch's
    // entries are replaced by the draft's), and a slot is skipped only when none of its reports is made.
    const ordered = batchIds.flatMap((id) => further.filter((s) => s.id === id));
    const slotsOf = (p: Pick<SchedulePreview, "skipped" | "skipped_by">) => p.skipped.map((skipped, index) => ({ skipped, takenBy: p.skipped_by[index] ?? null }));
    const reports = [
      { specification_name: spec.name, frequency: spec.frequency, slots: slotsOf(preview) },
      ...ordered.map((s, index) => {
        if (s.status !== "active") return { specification_name: s.name, frequency: s.frequency, slots: preview.skipped.map(() => ({ skipped: true, takenBy: null })) };
        const furtherContext = contexts.get(s.id)!;
        const id = furtherReportForecastId(stored?.id ?? "new", index + 1);
        const own = previewSchedule(schedule, { count, after: from, frequency: s.frequency, siblings: furtherContext.siblings, taken: furtherContext.taken, id, name: stored?.schedule_name ?? "This schedule" });
        return { specification_name: s.name, frequency: s.frequency, slots: slotsOf(own) };
      }),
    ];
    const skipped = preview.skipped.map((_, index) => reports.every((report) => report.slots[index]?.skipped ?? true));
    return {
      ...preview,
      skipped,
      skipped_by: preview.skipped_by.map((by, index) => (skipped[index] ? by : null)),
      frequency_note: skipped.some(Boolean) ? preview.frequency_note : null,
      effective_cadence: effectiveCadence(schedule.schedule_type, cadenceOverride ? null : finestFrequency(reports.map((report) => report.frequency))),
      never_delivers: skipped.length > 0 && skipped.every(Boolean),
      reports: reportsBySlot(reports, preview.skipped.length),
    };
  });
}

import "server-only";
import type { Queryable } from "@/lib/db/database";
import { listHeldPeriods, type HeldPeriod } from "@/lib/db/runs";
import { listRunningBatchesOfSpecifications, listRunningSchedulesOfSpecifications, type ScheduleRow, type ScheduleTiming } from "@/lib/db/schedules";
import { forecastSpecification, type ForecastSchedule, type ForecastSlot } from "@/lib/schedule/forecast";
import { effectiveCadence, type BatchSlotReport } from "@/lib/schedule/preview";
import { findSpecificationsByIds } from "@/lib/db/specifications";
import { finestFrequency, type Frequency } from "@/lib/schedule/frequency";
import { formatLocal } from "@/lib/schedule/zoned-time";

/** What will actually happen at a schedule's next slots, weighing every schedule and run of its specification. */
export interface ScheduleForecast {
  slots: ForecastSlot[];
  /** The first slot that makes a report (null: none of the slots forecast). */
  next_report_at: Date | null;
  /** "Weekly in effect: one report per week" when the specification's frequency is coarser than the cadence. */
  effective_cadence: string | null;
  /** Every slot forecast is skipped (for a batch: every report of it). */
  never_delivers: boolean;
  /** A batch's reports (its own, then the further ones): per specification, whether each slot makes its report, and if not who does. */
  reports: { specification_name: string; slots: ForecastSlot[] }[];
}

/** Whether a schedule will run at its slots at all (switched on, active, specification active). */
export function isRunning(row: Pick<ScheduleRow, "enabled" | "status" | "specification_status">): boolean {
  return row.enabled && row.status === "active" && row.specification_status === "active";
}

export function forecastScheduleOf(row: ScheduleTiming): ForecastSchedule {
  return { id: row.id, name: row.schedule_name, timing: row, firstSlot: row.next_run_at, counted: !row.cadence_override };
}

/**
 * A batch schedule's further report (position 1–9) as one more schedule of that specification: its slots take
 * the specification's periods too. Its id sorts after every schedule id, as the tick decides further reports
 * after the schedules' own (at the same instant, a specification's own schedules come first).
 */
export function furtherReportForecastId(scheduleId: string, position: number): string {
  return `~${scheduleId}#${position}`;
}

function furtherReportsOf(row: ScheduleTiming & { batch_specification_ids: string[] }): { specificationId: string; schedule: ForecastSchedule }[] {
  return row.batch_specification_ids.map((specificationId, index) => ({
    specificationId,
    schedule: { id: furtherReportForecastId(row.id, index + 1), name: row.schedule_name, timing: row, firstSlot: row.next_run_at, counted: true },
  }));
}

/** A batch's reports slot by slot (its own first), as the schedule's page and the editor's preview tell them. */
export function reportsBySlot(reports: { specification_name: string; slots: { skipped: boolean; takenBy: string | null }[] }[], slotCount: number): BatchSlotReport[][] {
  return Array.from({ length: slotCount }, (_, index) =>
    reports.map((report) => ({ specification_name: report.specification_name, skipped: report.slots[index]?.skipped ?? true, taken_by: report.slots[index]?.takenBy ?? null })),
  );
}

/**
 * Who holds a period, in words: "a Generate by ana@example.com at 2026-12-04 10:02 UTC", "“Morning pack”,
 * which ran at 2026-12-07 09:00 Europe/Berlin" (a schedule's run in its zone, as its slots are told).
 */
function describeHolder(period: HeldPeriod): string {
  const zone = period.trigger === "manual" ? "UTC" : (period.schedule_time_zone ?? "UTC");
  const when = `${formatLocal(zone, period.held_at.getTime())} ${zone}`;
  if (period.trigger === "manual") return `a Generate${period.created_by_email ? ` by ${period.created_by_email}` : ""} at ${when}`;
  return period.schedule_name ? `“${period.schedule_name}”, which ran at ${when}` : `a run at ${when}`;
}

/** A specification's running schedules and the periods its runs hold: what every forecast on it weighs. */
export interface SpecificationForecastContext {
  siblings: ForecastSchedule[];
  taken: Map<string, string>;
}

export async function loadForecastContexts(
  tx: Queryable,
  { workspaceId, specifications, now }: { workspaceId: string; specifications: { id: string; frequency: Frequency }[]; now: Date },
): Promise<Map<string, SpecificationForecastContext>> {
  const unique = [...new Map(specifications.map((spec) => [spec.id, spec])).values()];
  const ids = unique.map((spec) => spec.id);
  const [schedules, batches, held] = await Promise.all([
    listRunningSchedulesOfSpecifications(tx, { workspaceId, specificationIds: ids }),
    listRunningBatchesOfSpecifications(tx, { workspaceId, specificationIds: ids }),
    listHeldPeriods(tx, { workspaceId, specifications: unique, now }),
  ]);
  const contexts = new Map<string, SpecificationForecastContext>(ids.map((id) => [id, { siblings: [], taken: new Map() }]));
  for (const schedule of schedules) contexts.get(schedule.specification_id)?.siblings.push(forecastScheduleOf(schedule));
  for (const { specificationId, schedule } of batches.flatMap(furtherReportsOf)) contexts.get(specificationId)?.siblings.push(schedule);
  for (const period of held) contexts.get(period.specification_id)?.taken.set(period.frequency_period, describeHolder(period));
  return contexts;
}

/** Forecasts for stored schedules (those that will run; others get none), `count` slots each. */
export async function forecastSchedules(tx: Queryable, { workspaceId, rows, now, count }: { workspaceId: string; rows: ScheduleRow[]; now: Date; count: number }): Promise<Map<string, ScheduleForecast>> {
  const running = rows.filter(isRunning);
  // A batch's further specifications are forecast as well: each of its slots makes a report if any of them does.
  const batchIds = [...new Set(running.flatMap((row) => row.batch_specification_ids))];
  const furtherSpecs = new Map(
    (batchIds.length ? await findSpecificationsByIds(tx, { ids: batchIds }) : []).filter((spec) => spec.workspace_id === workspaceId).map((spec) => [spec.id, spec]),
  );
  const contexts = await loadForecastContexts(tx, {
    workspaceId,
    specifications: [
      ...running.map((row) => ({ id: row.specification_id, frequency: row.specification_frequency })),
      ...[...furtherSpecs.values()].filter((spec) => spec.status === "active").map((spec) => ({ id: spec.id, frequency: spec.frequency })),
    ],
    now,
  });
  const frequencyOf = new Map<string, Frequency>([...running.map((row) => [row.specification_id, row.specification_frequency] as const), ...[...furtherSpecs.values()].map((spec) => [spec.id, spec.frequency] as const)]);
  // One walk per specification for all the schedules (and further reports) on it that are wanted.
  const wanted = new Map<string, ForecastSchedule[]>();
  const want = (specificationId: string, schedule: ForecastSchedule) => wanted.set(specificationId, [...(wanted.get(specificationId) ?? []), schedule]);
  for (const row of running) {
    want(row.specification_id, forecastScheduleOf(row));
    for (const { specificationId, schedule } of furtherReportsOf(row)) if (furtherSpecs.get(specificationId)?.status === "active") want(specificationId, schedule);
  }
  const slotsOf = new Map<string, ForecastSlot[]>();
  for (const [specificationId, schedules] of wanted) {
    const context = contexts.get(specificationId)!;
    const frequency = frequencyOf.get(specificationId)!;
    const known = new Set(context.siblings.map((sibling) => sibling.id));
    const bySchedule = forecastSpecification({ frequency, schedules: [...context.siblings, ...schedules.filter((s) => !known.has(s.id))], taken: context.taken, count, only: new Set(schedules.map((s) => s.id)) });
    for (const schedule of schedules) slotsOf.set(schedule.id, bySchedule.get(schedule.id)!);
  }
  const forecasts = new Map<string, ScheduleForecast>();
  for (const row of running) {
    const own = slotsOf.get(row.id)!;
    const further = row.batch_specification_ids.flatMap((id, index) => {
      const spec = furtherSpecs.get(id);
      if (!spec) return [];
      const slots = slotsOf.get(furtherReportForecastId(row.id, index + 1)) ?? own.map((slot) => ({ at: slot.at, skipped: true, takenBy: null }));
      return [{ specification_name: spec.name, frequency: spec.frequency, slots }];
    });
    // A batch's slot is skipped when none of its reports is made (then its own report's reason is the one named).
    const slots = further.length
      ? own.map((slot, index) => {
          const skipped = slot.skipped && further.every((report) => report.slots[index]?.skipped ?? true);
          return { ...slot, skipped, takenBy: skipped ? slot.takenBy : null };
        })
      : own;
    const frequencies: Frequency[] = row.cadence_override ? [] : [row.specification_frequency, ...further.map((report) => report.frequency)];
    forecasts.set(row.id, {
      slots,
      next_report_at: slots.find((slot) => !slot.skipped)?.at ?? null,
      effective_cadence: effectiveCadence(row.schedule_type, finestFrequency(frequencies)),
      never_delivers: slots.length > 0 && slots.every((slot) => slot.skipped),
      reports: further.length ? [{ specification_name: row.specification_name, slots: own }, ...further.map(({ specification_name, slots }) => ({ specification_name, slots }))] : [],
    });
  }
  return forecasts;
}

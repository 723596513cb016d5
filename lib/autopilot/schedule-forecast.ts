import "server-only";
import type { Queryable } from "@/lib/db/database";
import { listHeldPeriods, type HeldPeriod } from "@/lib/db/runs";
import { listRunningSchedulesOfSpecifications, type ScheduleRow, type ScheduleTiming } from "@/lib/db/schedules";
import type { Frequency } from "@/lib/schedule/frequency";
import { forecastSpecification, type ForecastSchedule, type ForecastSlot } from "@/lib/schedule/forecast";
import { effectiveCadence } from "@/lib/schedule/preview";
import { formatLocal } from "@/lib/schedule/zoned-time";

/** What will actually happen at a schedule's next slots, weighing every schedule and run of its specification. */
export interface ScheduleForecast {
  slots: ForecastSlot[];
  /** The first slot that makes a report (null: none of the slots forecast). */
  next_report_at: Date | null;
  /** "Weekly in effect: one report per week" when the specification's frequency is coarser than the cadence. */
  effective_cadence: string | null;
  /** Every slot forecast is skipped. */
  never_delivers: boolean;
}

/** Whether a schedule will run at its slots at all (switched on, active, specification active). */
export function isRunning(row: Pick<ScheduleRow, "enabled" | "status" | "specification_status">): boolean {
  return row.enabled && row.status === "active" && row.specification_status === "active";
}

export function forecastScheduleOf(row: ScheduleTiming): ForecastSchedule {
  return { id: row.id, name: row.schedule_name, timing: row, firstSlot: row.next_run_at, counted: !row.cadence_override };
}

/** Who holds a period, in words: "a Generate by ana@example.com at 2026-12-04 10:02 UTC". */
function describeHolder(period: HeldPeriod): string {
  const when = `${formatLocal("UTC", period.held_at.getTime())} UTC`;
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
  const [schedules, held] = await Promise.all([
    listRunningSchedulesOfSpecifications(tx, { workspaceId, specificationIds: ids }),
    listHeldPeriods(tx, { workspaceId, specifications: unique, now }),
  ]);
  const contexts = new Map<string, SpecificationForecastContext>(ids.map((id) => [id, { siblings: [], taken: new Map() }]));
  for (const schedule of schedules) contexts.get(schedule.specification_id)?.siblings.push(forecastScheduleOf(schedule));
  for (const period of held) contexts.get(period.specification_id)?.taken.set(period.frequency_period, describeHolder(period));
  return contexts;
}

/** Forecasts for stored schedules (those that will run; others get none), `count` slots each. */
export async function forecastSchedules(tx: Queryable, { workspaceId, rows, now, count }: { workspaceId: string; rows: ScheduleRow[]; now: Date; count: number }): Promise<Map<string, ScheduleForecast>> {
  const running = rows.filter(isRunning);
  const contexts = await loadForecastContexts(tx, { workspaceId, specifications: running.map((row) => ({ id: row.specification_id, frequency: row.specification_frequency })), now });
  const forecasts = new Map<string, ScheduleForecast>();
  for (const [specificationId, context] of contexts) {
    const frequency = running.find((row) => row.specification_id === specificationId)!.specification_frequency;
    const rowsOnSpecification = running.filter((r) => r.specification_id === specificationId);
    const only = new Set(rowsOnSpecification.map((row) => row.id));
    const bySchedule = forecastSpecification({ frequency, schedules: context.siblings, taken: context.taken, count, only });
    for (const row of rowsOnSpecification) {
      const slots = bySchedule.get(row.id) ?? forecastSpecification({ frequency, schedules: [forecastScheduleOf(row)], taken: context.taken, count }).get(row.id)!;
      forecasts.set(row.id, {
        slots,
        next_report_at: slots.find((slot) => !slot.skipped)?.at ?? null,
        effective_cadence: effectiveCadence(row.schedule_type, row.cadence_override ? null : frequency),
        never_delivers: slots.length > 0 && slots.every((slot) => slot.skipped),
      });
    }
  }
  return forecasts;
}

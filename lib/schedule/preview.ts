import { daylightSavingNote } from "./daylight-saving-note";
import { describeSchedule } from "./describe";
import { nextSlotAfter, type DatedSchedule } from "./due-slot";
import { FREQUENCIES, PERIOD_NOUNS, naturalPeriod, type Frequency } from "./frequency";
import { forecastSpecification, type ForecastSchedule, type ForecastSlot } from "./forecast";
import type { Schedule } from "./schedule-config";
import { formatLocal } from "./zoned-time";

export interface SchedulePreview {
  description: string;
  timezone: string;
  next_runs: string[];
  next_runs_local: string[];
  /** Per next run: skipped by the frequency rule, because that period's report is made by an earlier run. */
  skipped: boolean[];
  /** Per next run: for a skipped one, the run or schedule that makes that period's report, in words. */
  skipped_by: (string | null)[];
  /** Per next run: what a daylight-saving change does to it that day, if anything. */
  daylight_saving: (string | null)[];
  /** When slots will be skipped: why, and the fix. */
  frequency_note: string | null;
  /** "Weekly in effect": the specification's frequency is coarser than the cadence, so that is how often reports come. */
  effective_cadence: string | null;
  /** Every slot shown is skipped: as things stand, this schedule makes no report. */
  never_delivers: boolean;
  /** A batch's slots: per slot, each report (its own first) and whether it is made, and if not who makes that period's. */
  reports?: BatchSlotReport[][];
}

export interface BatchSlotReport {
  specification_name: string;
  skipped: boolean;
  taken_by: string | null;
}


/**
 * "Weekly in effect": when the specification's frequency (no report period override) is coarser than the
 * cadence, a report comes once per frequency period, whatever the cadence says.
 */
export function effectiveCadence(scheduleType: Schedule["schedule_type"], frequency: Frequency | null | undefined): string | null {
  if (!frequency || FREQUENCIES.indexOf(frequency) <= FREQUENCIES.indexOf(naturalPeriod(scheduleType))) return null;
  const name = frequency[0].toUpperCase() + frequency.slice(1);
  return `${name} in effect: one report per ${PERIOD_NOUNS[frequency]}`;
}

/**
 * Says, when some slots will be skipped by the specification's frequency, why and how to report at every slot
 * (naming the specification when it is known).
 */
export function frequencyNote(
  schedule: Schedule,
  frequency: Frequency | null | undefined,
  slots: Pick<ForecastSlot, "skipped">[],
  specificationName?: string,
): string | null {
  if (!frequency || !slots.some((slot) => slot.skipped)) return null;
  const noun = PERIOD_NOUNS[frequency];
  return (
    `${specificationName ? `“${specificationName}”` : "The specification"} is ${frequency}: it gets one report per ${noun}, made by the first run of each ${noun} ` +
    `(this schedule's, another schedule's or a Generate), and a slot whose ${noun} already has its report is skipped. ` +
    `To report at every slot, choose the report period “${naturalPeriod(schedule.schedule_type)}”.`
  );
}

/** What the editor weighs besides the schedule itself: the specification's other schedules and the periods runs already hold. */
export interface PreviewContext {
  /** The specification's frequency, or null with a report period override (nothing is skipped). */
  frequency?: Frequency | null;
  /** The other schedules that will run on the specification. */
  siblings?: ForecastSchedule[];
  /** Periods already held by runs: key → who holds it. */
  taken?: ReadonlyMap<string, string>;
  /** The schedule's id when it exists (it sorts among the siblings as the tick does); a new one's is unknown. */
  id?: string;
  name?: string;
}

/**
 * What the editor shows while someone edits: the cadence in words and the next runs, in UTC and locally, each
 * marked with what will actually happen under the specification's frequency, weighing its other schedules
 * and the runs it already has.
 */
export function previewSchedule(
  schedule: DatedSchedule,
  { count, after, frequency, siblings = [], taken = new Map(), id = "~new", name = "This schedule" }: { count: number; after: Date } & PreviewContext,
): SchedulePreview {
  const timezone = schedule.schedule_config.timezone;
  const first = nextSlotAfter(schedule, after);
  const self: ForecastSchedule = { id, name, timing: schedule, firstSlot: first ?? after, counted: Boolean(frequency) };
  // Without a frequency (a report period override) the schedule is outside the rule: nothing is skipped.
  const schedules = frequency ? [self, ...siblings.filter((s) => s.id !== id)] : [self];
  const slots = first ? forecastSpecification({ frequency: frequency ?? "daily", schedules, taken, count }).get(id)! : [];
  return {
    description: describeSchedule(schedule),
    timezone,
    next_runs: slots.map((slot) => slot.at.toISOString()),
    next_runs_local: slots.map((slot) => formatLocal(timezone, slot.at.getTime())),
    skipped: slots.map((slot) => slot.skipped),
    skipped_by: slots.map((slot) => slot.takenBy),
    daylight_saving: slots.map((slot) => daylightSavingNote(schedule, slot.at)),
    frequency_note: frequencyNote(schedule, frequency, slots),
    effective_cadence: effectiveCadence(schedule.schedule_type, frequency),
    never_delivers: slots.length > 0 && slots.every((slot) => slot.skipped),
  };
}

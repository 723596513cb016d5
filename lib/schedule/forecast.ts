import { nextSlotAfter, type DatedSchedule } from "./due-slot";
import type { Frequency } from "./frequency";
import { frequencyPeriod } from "./frequency-period";
import { formatLocal } from "./zoned-time";

/** One schedule of a specification, as the forecast sees it. */
export interface ForecastSchedule {
  id: string;
  name: string;
  timing: DatedSchedule;
  /** Its next slot: the stored next run, or (for a schedule being edited) its first slot after now. */
  firstSlot: Date;
  /** False with a report period override: its runs neither need a free period nor use one up. */
  counted: boolean;
}

/** A predicted slot of one schedule: whether it makes a report, and if not, who makes that period's report. */
export interface ForecastSlot {
  at: Date;
  skipped: boolean;
  /** For a skipped slot: the run or schedule that takes its period first, in words. */
  takenBy: string | null;
}

/** A schedule with slots this far apart or more is cheap to walk; a sibling's slots are walked at most this many. */
const MAX_SIBLING_SLOTS = 2_000;

function slotsOf(schedule: ForecastSchedule, until: number, limit: number): Date[] {
  const slots: Date[] = [];
  let slot: Date | null = schedule.firstSlot;
  while (slot && slot.getTime() <= until && slots.length < limit) {
    slots.push(slot);
    slot = nextSlotAfter(schedule.timing, slot);
  }
  return slots;
}

/**
 * What will actually happen at the next `count` slots of each schedule of one specification, under its
 * frequency rule: a specification gets one report per calendar period, the first run of the period takes
 * it (slots in time order; at the same instant the schedule with the smaller id, as the tick orders them),
 * and a slot whose period is taken (by a run that already exists, in `taken`, or by an earlier slot of any
 * schedule) is skipped. Assumes each run succeeds: a failed run frees its period. Content rules (only when
 * new, skip when empty) are not predicted.
 */
export function forecastSpecification({
  frequency,
  schedules,
  taken,
  count,
}: {
  /** The specification's frequency. */
  frequency: Frequency;
  schedules: ForecastSchedule[];
  /** Periods already held by a running or successful run: period key → who holds it, in words. */
  taken: ReadonlyMap<string, string>;
  count: number;
}): Map<string, ForecastSlot[]> {
  const own = new Map(schedules.map((s) => [s.id, slotsOf(s, Infinity, count)]));
  // Another schedule matters only up to the last slot anyone is forecast for.
  const horizon = Math.max(...[...own.values()].map((slots) => slots.at(-1)?.getTime() ?? 0), 0);
  const events = schedules
    .filter((s) => s.counted)
    .flatMap((s) => slotsOf(s, horizon, MAX_SIBLING_SLOTS).map((at) => ({ schedule: s, at })))
    .sort((a, b) => a.at.getTime() - b.at.getTime() || a.schedule.id.localeCompare(b.schedule.id));

  const holders = new Map(taken);
  const verdicts = new Map<string, string | null>(); // "<schedule id>|<slot>" → taken by (null: makes the report)
  for (const { schedule, at } of events) {
    const zone = schedule.timing.schedule_config.timezone;
    const key = frequencyPeriod(frequency, at, zone).key;
    const holder = holders.get(key) ?? null;
    if (!holder) holders.set(key, `“${schedule.name}” at ${formatLocal(zone, at.getTime())} ${zone}`);
    verdicts.set(`${schedule.id}|${at.getTime()}`, holder);
  }
  return new Map(
    schedules.map((s) => [
      s.id,
      own.get(s.id)!.map((at) => {
        const takenBy = s.counted ? (verdicts.get(`${s.id}|${at.getTime()}`) ?? null) : null;
        return { at, skipped: takenBy !== null, takenBy };
      }),
    ]),
  );
}

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
  only,
}: {
  /** The specification's frequency. */
  frequency: Frequency;
  schedules: ForecastSchedule[];
  /** Periods already held by a running or successful run: period key → who holds it, in words. */
  taken: ReadonlyMap<string, string>;
  count: number;
  /** The schedules whose slots are wanted (default: all): the others are weighed but not listed. */
  only?: ReadonlySet<string>;
}): Map<string, ForecastSlot[]> {
  // Schedules with the same timing have the same slots, and at each of them the same period key: of such a
  // group only its first member (by id, as the tick orders them) can take a period, so the walk goes through
  // groups, not schedules. A workspace where a hundred schedules run daily at 09:00 costs one walk, not 100.
  const groups = new Map<string, TimingGroup>();
  for (const schedule of [...schedules].sort((a, b) => compareIds(a.id, b.id))) {
    const key = timingKey(schedule);
    const group = groups.get(key);
    if (group) group.members.push(schedule);
    else groups.set(key, { members: [schedule] });
  }
  for (const group of groups.values()) group.own = slotsOf(group.members[0], Infinity, count);
  // Another schedule matters only up to the last slot anyone is forecast for.
  const horizon = Math.max(...[...groups.values()].map((group) => group.own!.at(-1)?.getTime() ?? 0), 0);
  const events: { first: ForecastSchedule; at: Date }[] = [];
  for (const group of groups.values()) {
    const first = group.members.find((s) => s.counted);
    if (!first) continue;
    const own = group.own!;
    const walked = own.length && own.at(-1)!.getTime() >= horizon ? own.filter((at) => at.getTime() <= horizon) : slotsOf(first, horizon, MAX_SIBLING_SLOTS);
    for (const at of walked) events.push({ first, at });
  }
  events.sort((a, b) => a.at.getTime() - b.at.getTime() || compareIds(a.first.id, b.first.id));

  const holders = new Map(taken);
  // "<group's first member id>|<slot>" → who took the period before the group's first member (null: it makes the report).
  const verdicts = new Map<string, string | null>();
  for (const { first, at } of events) {
    const key = frequencyPeriod(frequency, at, first.timing.schedule_config.timezone).key;
    const holder = holders.get(key) ?? null;
    if (!holder) holders.set(key, claimedBy(first, at));
    verdicts.set(`${first.id}|${at.getTime()}`, holder);
  }
  const result = new Map<string, ForecastSlot[]>();
  for (const group of groups.values()) {
    const first = group.members.find((s) => s.counted);
    const firstSlots = group.own!.map((at) => ({ at, takenBy: first ? (verdicts.get(`${first.id}|${at.getTime()}`) ?? null) : null }));
    // The group's first member takes a free period; its later members find it taken by that one.
    const laterSlots = first ? firstSlots.map(({ at, takenBy }) => ({ at, takenBy: takenBy ?? claimedBy(first, at) })) : firstSlots;
    for (const schedule of group.members) {
      if (only && !only.has(schedule.id)) continue;
      const slots = !schedule.counted ? firstSlots.map(({ at }) => ({ at, takenBy: null })) : schedule === first ? firstSlots : laterSlots;
      result.set(schedule.id, slots.map(({ at, takenBy }) => ({ at, skipped: takenBy !== null, takenBy })));
    }
  }
  return result;
}

/** Ids in the order Postgres sorts uuids (lowercase hex: code-unit order), without localeCompare's cost. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Schedules of one specification with the same timing: their slots, walked once. */
interface TimingGroup {
  /** By id. */
  members: ForecastSchedule[];
  own?: Date[];
}

/** A period's holder, in words: "“Morning brief” at 2026-12-05 09:00 Europe/Berlin". */
function claimedBy(schedule: ForecastSchedule, at: Date): string {
  const zone = schedule.timing.schedule_config.timezone;
  return `“${schedule.name}” at ${formatLocal(zone, at.getTime())} ${zone}`;
}

/** What decides a schedule's slots: its kind, its settings, its dates and its next slot. */
function timingKey(schedule: ForecastSchedule): string {
  const { schedule_type, schedule_config, starts_at, ends_at } = schedule.timing;
  return JSON.stringify([schedule_type, schedule_config, starts_at?.getTime() ?? null, ends_at?.getTime() ?? null, schedule.firstSlot.getTime()]);
}

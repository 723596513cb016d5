import { nextRun } from "./next-run";
import type { Schedule } from "./schedule-config";

// Enough for an hourly schedule that was down for more than a year; beyond it we stop counting exactly.
const MAX_SLOTS_COUNTED = 20_000;

/** A schedule with the dates it is active between (either may be open). */
export type DatedSchedule = Schedule & { starts_at?: Date | null; ends_at?: Date | null };

const pastEnd = (schedule: DatedSchedule, slot: Date) => Boolean(schedule.ends_at && slot.getTime() > schedule.ends_at.getTime());

/**
 * For a schedule whose next slot is `dueAt` (≤ now): the latest slot that has passed, which is the one to
 * run, and how many earlier slots were missed. Slots missed while no tick ran coalesce into that one run, then
 * the schedule resumes at the next slot after now. Slots after the schedule's end date do not count.
 */
export function latestDueSlot(schedule: DatedSchedule, dueAt: Date, now: Date): { slot: Date; missed: number } {
  let slot = dueAt;
  let missed = 0;
  for (let i = 0; i < MAX_SLOTS_COUNTED; i++) {
    const following = nextRun(schedule, slot);
    if (!following || following.getTime() > now.getTime() || pastEnd(schedule, following)) break;
    slot = following;
    missed++;
  }
  return { slot, missed };
}

/**
 * The first slot strictly after `after` and not before the schedule's start date; null when it would fall
 * after its end date (the schedule is complete). A schedule that never fires again is parked a century ahead.
 */
export function nextSlotAfter(schedule: DatedSchedule, after: Date): Date | null {
  const from = schedule.starts_at && schedule.starts_at.getTime() > after.getTime() ? new Date(schedule.starts_at.getTime() - 1) : after;
  const next = nextRun(schedule, from) ?? new Date(from.getTime() + 100 * 365 * 86_400_000);
  return pastEnd(schedule, next) ? null : next;
}

/** The slot after `slot` ignoring the end date: how long a slot lasts, for retries and the catch-up window. */
export function followingSlot(schedule: Schedule, slot: Date): Date | null {
  return nextRun(schedule, slot);
}

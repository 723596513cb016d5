import { nextRun } from "./next-run";
import type { Schedule } from "./schedule-config";

// Enough for an hourly schedule that was down for more than a year; beyond it we stop counting exactly.
const MAX_SLOTS_COUNTED = 20_000;

/**
 * For a schedule whose next slot is `dueAt` (≤ now): the latest slot that has passed, which is the one to
 * run, and how many earlier slots were missed. Slots missed while no tick ran coalesce into that one run, then
 * the schedule resumes at the next slot after now.
 */
export function latestDueSlot(schedule: Schedule, dueAt: Date, now: Date): { slot: Date; missed: number } {
  let slot = dueAt;
  let missed = 0;
  for (let i = 0; i < MAX_SLOTS_COUNTED; i++) {
    const following = nextRun(schedule, slot);
    if (!following || following.getTime() > now.getTime()) break;
    slot = following;
    missed++;
  }
  return { slot, missed };
}

/** The first slot strictly after `after`; a schedule that never fires again is parked a century ahead. */
export function nextSlotAfter(schedule: Schedule, after: Date): Date {
  return nextRun(schedule, after) ?? new Date(after.getTime() + 100 * 365 * 86_400_000);
}

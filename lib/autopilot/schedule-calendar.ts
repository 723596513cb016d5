import "server-only";
import { listCalendarSchedules } from "@/lib/db/schedules";
import { runAsUser } from "@/lib/db/run-as";
import type { Actor } from "@/lib/db/transactions";
import { compareIds } from "@/lib/schedule/forecast";
import { requireWorkspace } from "@/lib/workspaces/workspace-access";
import { forecastSchedules } from "./schedule-forecast";

import { CALENDAR_DAYS, CALENDAR_SCHEDULES, CALENDAR_SLOTS_PER_SCHEDULE } from "./calendar-limits";

/** One predicted run: a slot of a schedule, and whether it makes a report or is skipped (and for whom). */
export interface CalendarEntry {
  at: string;
  schedule_id: string;
  schedule_name: string;
  timezone: string;
  specification_name: string;
  /** A batch's slot: the specifications whose reports it makes (null for a schedule of one specification). */
  reports: string[] | null;
  skipped: boolean;
  /** For a skipped slot: the run or schedule that makes that period's report. */
  skipped_by: string | null;
  /** A dependent's upstream: this slot runs once that schedule's run of the same slot has succeeded. */
  after: string | null;
}

export interface ScheduleCalendar {
  from: string;
  until: string;
  entries: CalendarEntry[];
  /** Schedules with more slots in the window than the calendar lists (a cron every few minutes). */
  truncated: { schedule_id: string; schedule_name: string }[];
  /** Paused schedules: no runs until they are resumed (by hand, or at their pause's end). */
  paused: { schedule_id: string; schedule_name: string; paused_until: string | null }[];
  /** Running schedules beyond the ones the calendar covers. */
  more_schedules: number;
}

/**
 * What will run in the workspace over the next `days` days, slot by slot, as the tick will run it: only
 * schedules that are on and active, up to their end dates, with slots whose period another run or schedule
 * reports first marked skipped (the same forecast as each schedule's page: every schedule and run of a
 * specification is weighed). Paused schedules make no runs and are listed apart.
 */
export function getScheduleCalendar(actor: Actor, workspaceId: string, { days = CALENDAR_DAYS, now = new Date() }: { days?: number; now?: Date } = {}): Promise<ScheduleCalendar> {
  return runAsUser(actor, async (tx) => {
    await requireWorkspace(tx, actor, workspaceId, "read");
    const until = new Date(now.getTime() + days * 86_400_000);
    const { running, paused, more } = await listCalendarSchedules(tx, { workspaceId, limit: CALENDAR_SCHEDULES });
    const forecasts = await forecastSchedules(tx, { workspaceId, rows: running, now, count: CALENDAR_SLOTS_PER_SCHEDULE });
    const entries: CalendarEntry[] = [];
    const truncated: ScheduleCalendar["truncated"] = [];
    for (const row of running) {
      const forecast = forecasts.get(row.id);
      const slots = forecast?.slots ?? [];
      const inWindow = slots.filter((slot) => slot.at.getTime() <= until.getTime());
      if (inWindow.length === slots.length && slots.length === CALENDAR_SLOTS_PER_SCHEDULE) truncated.push({ schedule_id: row.id, schedule_name: row.schedule_name });
      for (const [index, slot] of inWindow.entries()) {
        const reports = forecast?.reports.length ? forecast.reports.filter((report) => !report.slots[index]?.skipped).map((report) => report.specification_name) : null;
        entries.push({
          at: slot.at.toISOString(),
          schedule_id: row.id,
          schedule_name: row.schedule_name,
          timezone: row.schedule_config.timezone,
          specification_name: row.specification_name,
          reports,
          skipped: slot.skipped,
          skipped_by: slot.takenBy,
          after: row.depends_on_schedule_id ? row.depends_on_name : null,
        });
      }
    }
    // At the same instant a chain runs in its order: upstream first.
    const upstreamOf = new Map(running.map((row) => [row.id, row.depends_on_schedule_id]));
    const depth = (id: string) => {
      let n = 0;
      for (let up = upstreamOf.get(id); up && n < 20; up = upstreamOf.get(up)) n++;
      return n;
    };
    entries.sort((a, b) => a.at.localeCompare(b.at) || depth(a.schedule_id) - depth(b.schedule_id) || compareIds(a.schedule_id, b.schedule_id));
    return {
      from: now.toISOString(),
      until: until.toISOString(),
      entries,
      truncated,
      paused: paused.map((row) => ({ schedule_id: row.id, schedule_name: row.schedule_name, paused_until: row.paused_until?.toISOString() ?? null })),
      more_schedules: more,
    };
  });
}

"use client";

import Link from "next/link";
import { useState } from "react";
import { ZonedTime } from "@/components/time/zoned-time";
import { useDisplayZone, zoneToShow } from "@/components/time/display-zone";
import type { ScheduleCalendar } from "@/lib/autopilot/schedule-calendar";
import { formatLocal } from "@/lib/schedule/zoned-time";

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** "2027-01-11" → its weekday's name (the date is a calendar date, read as UTC noon so no zone moves it). */
const weekdayOf = (date: string) => WEEKDAYS[new Date(`${date}T12:00:00Z`).getUTCDay()];
/** The Monday of a date's week. */
function mondayOf(date: string): string {
  const day = new Date(`${date}T12:00:00Z`);
  day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  return day.toISOString().slice(0, 10);
}

/**
 * The next days' runs across the workspace, grouped by day or by week in the zone times are shown in: each
 * says whether it makes its report or is skipped, and for whom; each links to its schedule.
 */
export function ScheduleCalendarView({ workspaceId, calendar }: { workspaceId: string; calendar: ScheduleCalendar }) {
  const display = useDisplayZone();
  const zone = zoneToShow(display);
  const [grouping, setGrouping] = useState<"day" | "week">("day");
  const groups = new Map<string, ScheduleCalendar["entries"]>();
  for (const entry of calendar.entries) {
    const date = formatLocal(zone, new Date(entry.at).getTime()).slice(0, 10);
    const key = grouping === "day" ? date : mondayOf(date);
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  const reports = calendar.entries.filter((entry) => !entry.skipped).length;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3 text-sm">
        <p className="text-slate-700" data-testid="calendar-summary">
          {calendar.entries.length} runs in the next 30 days: {reports} make a report, {calendar.entries.length - reports} skipped. Days in {zone}.
        </p>
        <fieldset className="flex items-center gap-2">
          <legend className="sr-only">Group by</legend>
          {(["day", "week"] as const).map((value) => (
            <label key={value} className="inline-flex items-center gap-1">
              <input type="radio" name="grouping" value={value} checked={grouping === value} onChange={() => setGrouping(value)} />
              By {value}
            </label>
          ))}
        </fieldset>
      </div>
      {calendar.paused.length > 0 && (
        <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Paused, so not on the calendar:{" "}
          {calendar.paused.map((paused, index) => (
            <span key={paused.schedule_id}>
              {index > 0 && ", "}
              <Link className="underline" href={`/w/${workspaceId}/autopilot/${paused.schedule_id}`}>{paused.schedule_name}</Link>
              {paused.paused_until && (
                <>
                  {" "}(resumes <ZonedTime value={paused.paused_until} />)
                </>
              )}
            </span>
          ))}
          .
        </p>
      )}
      {calendar.truncated.length > 0 && (
        <p className="text-sm text-slate-600">
          Only the first runs of {calendar.truncated.map((t) => `“${t.schedule_name}”`).join(", ")} are shown: they run more often than the calendar lists.
        </p>
      )}
      {calendar.more_schedules > 0 && <p className="text-sm text-slate-600">{calendar.more_schedules} more schedules run later than these and are not shown.</p>}
      {groups.size === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-sm text-slate-600">Nothing runs in the next 30 days.</p>
      ) : (
        [...groups].map(([key, entries]) => (
          <section key={key} aria-labelledby={`calendar-${key}`} className="rounded-lg border border-slate-200 bg-white p-3 shadow-sm">
            <h2 id={`calendar-${key}`} className="text-sm font-semibold text-slate-800">
              {grouping === "day" ? `${weekdayOf(key)} ${key}` : `Week of Monday ${key}`}
            </h2>
            <ul className="mt-2 divide-y divide-slate-100 text-sm">
              {entries.map((entry) => (
                <li key={`${entry.schedule_id}-${entry.at}`} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 py-1.5" data-testid="calendar-entry">
                  <ZonedTime value={entry.at} scheduleZone={entry.timezone} className="text-slate-700" />
                  <Link href={`/w/${workspaceId}/autopilot/${entry.schedule_id}`} className="font-medium text-brand-700 underline">
                    {entry.schedule_name}
                  </Link>
                  <span className="text-slate-600" data-testid="calendar-reports">
                    {entry.reports?.length ? entry.reports.join(", ") : entry.specification_name}
                  </span>
                  {entry.after && <span className="text-xs text-slate-700" data-testid="calendar-after">after “{entry.after}” succeeds</span>}
                  {entry.skipped ? (
                    <span className="text-xs text-amber-900">Skipped: {entry.skipped_by} makes this period&apos;s report</span>
                  ) : (
                    <span className="text-xs text-emerald-800">✓ Makes the report</span>
                  )}
                </li>
              ))}
            </ul>
          </section>
        ))
      )}
    </div>
  );
}

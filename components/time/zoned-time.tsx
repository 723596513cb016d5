"use client";

import { formatLocal } from "@/lib/schedule/zoned-time";
import { useDisplayZone, zoneToShow } from "./display-zone";

/**
 * An exact time, always visible, in the zone the viewer chose (their own by default), named. With
 * `scheduleZone`, where that zone matters (a schedule's slots), the time in the schedule's zone follows when
 * it differs.
 */
export function ZonedTime({ value, scheduleZone, className }: { value: Date | string | null; scheduleZone?: string; className?: string }) {
  const display = useDisplayZone();
  if (value === null) return <span className={className}>—</span>;
  const ms = new Date(value).getTime();
  const zone = zoneToShow(display, scheduleZone);
  // On hover, the same instant in the other zones that matter: UTC, the viewer's own, the schedule's.
  const others = [...new Set(["UTC", display.viewerZone, scheduleZone])].filter((other): other is string => Boolean(other) && other !== zone);
  return (
    <time dateTime={new Date(ms).toISOString()} className={className} title={others.map((other) => `${formatLocal(other, ms)} ${other}`).join(" · ") || undefined}>
      {formatLocal(zone, ms)} {zone}
      {scheduleZone && scheduleZone !== zone && (
        <span className="text-slate-500">
          {" "}
          · {formatLocal(scheduleZone, ms)} {scheduleZone}
        </span>
      )}
    </time>
  );
}

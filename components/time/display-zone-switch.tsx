"use client";

import { useId } from "react";
import { useDisplayZone, type DisplayZoneMode } from "./display-zone";

/** "Times in: your zone / UTC / each schedule's zone", as Temporal's UI offers. */
export function DisplayZoneSwitch() {
  const { mode, setMode, viewerZone } = useDisplayZone();
  const id = useId();
  return (
    <span className="inline-flex items-center gap-1 text-xs text-slate-600">
      <label htmlFor={id}>Times in</label>
      <select id={id} value={mode} onChange={(event) => setMode(event.target.value as DisplayZoneMode)} className="rounded border border-slate-300 bg-white px-1 py-0.5 text-xs">
        <option value="local">your zone{viewerZone ? ` (${viewerZone})` : ""}</option>
        <option value="utc">UTC</option>
        <option value="schedule">each schedule&apos;s zone</option>
      </select>
    </span>
  );
}

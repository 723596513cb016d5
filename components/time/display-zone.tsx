"use client";

import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { modernZoneName } from "@/lib/schedule/time-zone-names";

/** Which clock times are shown in: the viewer's own zone (default), UTC, or each schedule's zone. */
export type DisplayZoneMode = "local" | "utc" | "schedule";

const STORAGE_KEY = "autopilot.display-zone";

interface DisplayZone {
  mode: DisplayZoneMode;
  setMode: (mode: DisplayZoneMode) => void;
  /** The viewer's zone as the browser reports it; null until the page runs in the browser. */
  viewerZone: string | null;
}

const Context = createContext<DisplayZone>({ mode: "local", setMode: () => undefined, viewerZone: null });

/** Holds the display-zone choice for the pages below it, kept in this browser across visits. */
export function DisplayZoneProvider({ children }: { children: ReactNode }) {
  const [mode, setModeState] = useState<DisplayZoneMode>("local");
  const [viewerZone, setViewerZone] = useState<string | null>(null);
  // Only the browser knows its zone and its stored choice; the server renders UTC until then.
  useEffect(() => {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    // eslint-disable-next-line react-hooks/set-state-in-effect -- read once from the browser after hydration
    if (stored === "local" || stored === "utc" || stored === "schedule") setModeState(stored);
    setViewerZone(modernZoneName(Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC"));
  }, []);
  const setMode = (next: DisplayZoneMode) => {
    setModeState(next);
    window.localStorage.setItem(STORAGE_KEY, next);
  };
  return <Context.Provider value={{ mode, setMode, viewerZone }}>{children}</Context.Provider>;
}

export function useDisplayZone(): DisplayZone {
  return useContext(Context);
}

/** The zone to show a time in: before the browser's zone is known, UTC (what the server rendered). */
export function zoneToShow({ mode, viewerZone }: Pick<DisplayZone, "mode" | "viewerZone">, scheduleZone?: string): string {
  if (!viewerZone || mode === "utc") return "UTC";
  if (mode === "schedule") return scheduleZone ?? viewerZone;
  return viewerZone;
}

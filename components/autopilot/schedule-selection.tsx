"use client";

import { createContext, useContext } from "react";

/** The schedules ticked in the list, shared with the checkbox cells (the columns stay stable: see ScheduleTable). */
export interface ScheduleSelection {
  selected: ReadonlySet<string>;
  toggle: (id: string, on: boolean) => void;
  /** The ids on the current page. */
  pageIds: string[];
  setPage: (on: boolean) => void;
}

export const ScheduleSelectionContext = createContext<ScheduleSelection>({ selected: new Set(), toggle: () => {}, pageIds: [], setPage: () => {} });

export function SelectScheduleCheckbox({ id, name }: { id: string; name: string }) {
  const { selected, toggle } = useContext(ScheduleSelectionContext);
  return (
    <input type="checkbox" className="h-4 w-4" aria-label={`Select ${name}`} checked={selected.has(id)} onChange={(event) => toggle(id, event.target.checked)} />
  );
}

export function SelectPageCheckbox() {
  const { selected, pageIds, setPage } = useContext(ScheduleSelectionContext);
  const all = pageIds.length > 0 && pageIds.every((id) => selected.has(id));
  return (
    <input
      type="checkbox"
      className="h-4 w-4"
      checked={all}
      ref={(box) => {
        if (box) box.indeterminate = !all && pageIds.some((id) => selected.has(id));
      }}
      onChange={(event) => setPage(event.target.checked)}
    />
  );
}

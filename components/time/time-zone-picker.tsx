"use client";

import { forwardRef, useEffect, useState, type SelectHTMLAttributes } from "react";
import { inputClasses } from "@/components/ui/field";
import { timeZoneOptions, type TimeZoneOption } from "@/lib/schedule/time-zone-options";

/**
 * A time-zone choice people can search: by city, country, zone or old name ("Calcutta" finds Asia/Kolkata),
 * each zone with its offset today. The select stays the form's control (registered by the caller); a zone
 * stored under an old name stays selectable as it is.
 */
export const TimeZonePicker = forwardRef<HTMLSelectElement, SelectHTMLAttributes<HTMLSelectElement> & { id: string; value: string }>(function TimeZonePicker(
  { id, value, ...select },
  ref,
) {
  // Built after the page is interactive (offsets of every zone take a moment): until then, the chosen zone alone.
  const [options, setOptions] = useState<TimeZoneOption[]>([]);
  useEffect(() => {
    setOptions(timeZoneOptions());
  }, []);
  const [query, setQuery] = useState("");
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const matching = words.length ? options.filter((option) => words.every((word) => option.search.includes(word))) : options;
  const shown = matching.some((option) => option.name === value) ? matching : [{ name: value, label: value, search: "" }, ...matching];
  return (
    <div className="space-y-1">
      <input
        type="search"
        aria-label="Find a zone by city, country or name"
        aria-controls={id}
        placeholder="Search: city, country or zone"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        className={inputClasses}
      />
      <select id={id} ref={ref} value={value} {...select} className={inputClasses}>
        {shown.map((option) => (
          <option key={option.name} value={option.name}>
            {option.label}
          </option>
        ))}
      </select>
      {words.length > 0 && (
        <p className="text-xs text-slate-500" aria-live="polite">
          {matching.length} zone{matching.length === 1 ? "" : "s"} match “{query.trim()}”
        </p>
      )}
    </div>
  );
});

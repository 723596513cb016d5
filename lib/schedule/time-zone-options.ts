import { getTimeZones, timeZonesNames } from "@vvo/tzdb";
import { offsetMinutes } from "./zoned-time";

export interface TimeZoneOption {
  /** The IANA name stored (today's spelling). */
  name: string;
  /** "(UTC+05:30) Asia/Kolkata — Mumbai, Delhi, Bengaluru": the offset now, the name, its main cities. */
  label: string;
  /** Lower-case text a search matches: name, old names, country, cities, the zone's common name. */
  search: string;
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? "−" : "+";
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/** Every zone a person may pick, by today's name, with its offset at `at` and what finds it; ordered by offset. */
export function timeZoneOptions(at = Date.now()): TimeZoneOption[] {
  const details = new Map<string, ReturnType<typeof getTimeZones>[number]>();
  for (const zone of getTimeZones({ includeUtc: true })) for (const member of zone.group) if (!details.has(member)) details.set(member, zone);
  const names = ["UTC", ...timeZonesNames.filter((name) => name !== "UTC")];
  return names
    .map((name) => {
      const offset = offsetMinutes(name, at);
      const zone = details.get(name);
      const cities = zone?.name === name ? zone.mainCities.filter(Boolean).join(", ") : "";
      return {
        offset,
        name,
        label: `(${offsetText(offset)}) ${name.replaceAll("_", " ")}${cities ? ` — ${cities}` : ""}`,
        search: [name, name.replaceAll("_", " "), zone?.countryName, zone?.alternativeName, zone?.abbreviation, cities, ...(zone?.group ?? [])].filter(Boolean).join(" ").toLowerCase(),
      };
    })
    .sort((a, b) => a.offset - b.offset || a.name.localeCompare(b.name))
    .map(({ name, label, search }) => ({ name, label, search }));
}

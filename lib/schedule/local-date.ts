import { addDays, toLocal, wallTimeToEpoch } from "./zoned-time";

const pad = (n: number) => String(n).padStart(2, "0");

function parseDate(text: string): { year: number; month: number; day: number } | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  return match ? { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) } : null;
}

/** "2027-03-29" in `zone` → the instant that day begins there; null for anything else. */
export function startOfLocalDate(text: string, zone: string): Date | null {
  const date = parseDate(text);
  return date ? new Date(wallTimeToEpoch(zone, date, 0, 0)) : null;
}

/** "2027-03-29" in `zone` → the last millisecond of that day there (an end date includes its day). */
export function endOfLocalDate(text: string, zone: string): Date | null {
  const date = parseDate(text);
  return date ? new Date(wallTimeToEpoch(zone, addDays(date, 1), 0, 0) - 1) : null;
}

/** An instant as the local date ("YYYY-MM-DD") it falls on in `zone`. */
export function localDateOf(instant: Date | string, zone: string): string {
  const t = toLocal(zone, new Date(instant).getTime());
  return `${t.year}-${pad(t.month)}-${pad(t.day)}`;
}

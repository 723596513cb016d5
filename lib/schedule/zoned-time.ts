/**
 * Wall-clock ↔ instant conversion for IANA zones, built on Intl (the platform's tz database).
 *
 * Offsets are cached per zone in 15-minute buckets: every transition of the modern tz database falls on a
 * quarter hour (UTC), so one lookup answers for its whole bucket. That makes a nextRun computation a few
 * map lookups instead of several Intl calls.
 */

const MINUTE = 60_000;
const DAY = 86_400_000;
const BUCKET = 15 * MINUTE;
/** Offsets kept in all (about 100 bytes each, so at most ~20 MB); past it the caches start over. */
const MAX_CACHED_OFFSETS = 200_000;
let cachedOffsets = 0;

/** Formatters and offsets are kept per zone as Intl resolves it, so every spelling and alias of one shares them. */
const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, Map<number, number>>();
/**
 * What each name given resolves to (null: not a zone): the name to store, and the name Intl resolves it to,
 * which keys the caches. Bounded, since any text can be given.
 */
const resolvedNames = new Map<string, { stored: string; key: string } | null>();
const MAX_NAMES_REMEMBERED = 10_000;

let zonesByLowerCase: Map<string, string> | undefined;
/** The platform's zone names by their lower-case spelling. */
function zoneByLowerCase(name: string): string | undefined {
  if (!zonesByLowerCase) {
    const names = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
    zonesByLowerCase = new Map([...names, "UTC"].map((zone) => [zone.toLowerCase(), zone]));
  }
  return zonesByLowerCase.get(name.toLowerCase());
}

function resolveZone(timeZone: string): { stored: string; key: string } | null {
  const known = resolvedNames.get(timeZone);
  if (known !== undefined) return known;
  let resolved: { stored: string; key: string } | null = null;
  if (/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(timeZone) && timeZone.length <= 64) {
    try {
      const key = new Intl.DateTimeFormat("en-US", { timeZone }).resolvedOptions().timeZone;
      resolved = { stored: zoneByLowerCase(timeZone) ?? timeZone, key };
    } catch {
      resolved = null;
    }
  }
  if (resolvedNames.size >= MAX_NAMES_REMEMBERED) resolvedNames.clear();
  resolvedNames.set(timeZone, resolved);
  return resolved;
}

/**
 * The zone's name as stored: the platform's own spelling of a zone it lists ("europe/berlin" →
 * "Europe/Berlin"), an alias it accepts as given ("Asia/Kolkata"), or null when it is not a zone. Offsets
 * like "+02:00" are refused even where Intl accepts them.
 */
export function canonicalTimeZone(timeZone: string): string | null {
  return resolveZone(timeZone)?.stored ?? null;
}

/** The caches' key: every spelling and alias of one zone shares it. */
function zoneKey(timeZone: string): string {
  return resolveZone(timeZone)?.key ?? timeZone;
}

/** How many zones the caches hold (bounded by the real zones, whatever names were given), and offsets in all. */
export function cachedZoneCount(): { formatters: number; offsets: number; cachedOffsets: number } {
  return { formatters: formatters.size, offsets: offsetCache.size, cachedOffsets };
}

function formatterFor(given: string): Intl.DateTimeFormat {
  const timeZone = zoneKey(given);
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** IANA names only ("Europe/Berlin", "UTC"), in any case; offsets like "+02:00" are refused. */
export function isValidTimeZone(timeZone: string): boolean {
  return canonicalTimeZone(timeZone) !== null;
}

function computeOffsetMinutes(timeZone: string, epochMs: number): number {
  // "MM/DD/YYYY, HH:MM:SS" in en-US with h23.
  const text = formatterFor(timeZone).format(epochMs);
  const year = Number(text.slice(6, 10));
  const month = Number(text.slice(0, 2));
  const day = Number(text.slice(3, 5));
  const hour = Number(text.slice(12, 14));
  const minute = Number(text.slice(15, 17));
  const second = Number(text.slice(18, 20));
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  return Math.round((asUtc - Math.floor(epochMs / 1000) * 1000) / MINUTE);
}

/** The zone's UTC offset in minutes at `epochMs` (e.g. 120 for Berlin in summer). */
export function offsetMinutes(given: string, epochMs: number): number {
  if (given === "UTC" || given === "Etc/UTC") return 0;
  const timeZone = zoneKey(given);
  let zoneCache = offsetCache.get(timeZone);
  if (!zoneCache) {
    zoneCache = new Map();
    offsetCache.set(timeZone, zoneCache);
  }
  const bucket = Math.floor(epochMs / BUCKET);
  let offset = zoneCache.get(bucket);
  if (offset === undefined) {
    offset = computeOffsetMinutes(timeZone, bucket * BUCKET);
    if (cachedOffsets >= MAX_CACHED_OFFSETS) {
      for (const zone of offsetCache.values()) zone.clear();
      cachedOffsets = 0;
    }
    zoneCache.set(bucket, offset);
    cachedOffsets++;
  }
  return offset;
}

/** A calendar date as plain numbers (month 1–12). */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

export interface LocalDateTime extends LocalDate {
  hour: number;
  minute: number;
  /** 0 = Sunday … 6 = Saturday, as JavaScript and cron count. */
  weekday: number;
}

export function toLocal(timeZone: string, epochMs: number): LocalDateTime {
  const shifted = new Date(epochMs + offsetMinutes(timeZone, epochMs) * MINUTE);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    weekday: shifted.getUTCDay(),
  };
}

/** Date arithmetic on the calendar, independent of any zone. */
export function addDays(date: LocalDate, days: number): LocalDate & { weekday: number } {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), weekday: d.getUTCDay() };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The instant a wall-clock time happens in `timeZone`.
 * - A time that occurs twice (clocks go back) resolves to its first occurrence.
 * - A time that does not exist (clocks go forward) resolves to the same wall time shifted forward by the
 *   length of the gap (02:30 in a 02:00→03:00 gap runs at 03:30): once, on the same day. This is the rule
 *   of RFC 5545, Temporal's "compatible" disambiguation and cron-parser, so all schedule types agree.
 */
export function wallTimeToEpoch(timeZone: string, date: LocalDate, hour: number, minute: number): number {
  const asUtc = Date.UTC(date.year, date.month - 1, date.day, hour, minute);
  const before = offsetMinutes(timeZone, asUtc - DAY);
  const after = offsetMinutes(timeZone, asUtc + DAY);
  const withBefore = asUtc - before * MINUTE;
  if (before === after) return withBefore;
  const withAfter = asUtc - after * MINUTE;
  const beforeHolds = offsetMinutes(timeZone, withBefore) === before;
  const afterHolds = offsetMinutes(timeZone, withAfter) === after;
  if (beforeHolds && afterHolds) return Math.min(withBefore, withAfter);
  if (afterHolds) return withAfter;
  return withBefore; // in the gap, or the zone's offset before it: the shifted-forward instant
}

/** "YYYY-MM-DD HH:MM" in the zone, for people. */
export function formatLocal(timeZone: string, epochMs: number): string {
  const t = toLocal(timeZone, epochMs);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${t.year}-${pad(t.month)}-${pad(t.day)} ${pad(t.hour)}:${pad(t.minute)}`;
}

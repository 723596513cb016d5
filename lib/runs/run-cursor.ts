/**
 * Where a page of a run list starts, as an opaque cursor the list hands out. Lists are ordered newest first by
 * (created_at, id): a cursor names the run at one edge of a page and the direction to read from it, so a deep
 * page costs what the first page costs (keyset pagination) instead of walking every row before it. The time is
 * kept as the database wrote it (microseconds), since a JavaScript Date would round it and skip or repeat runs.
 */
export type RunPosition =
  | { toward: "older" | "newer"; createdAt: string; id: string }
  /** The oldest page (the list's end). */
  | { toward: "oldest" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** What Postgres prints for a timestamptz: "2026-12-04 09:00:00.123456+00". */
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?(?:[+-](\d{2})(?::?(\d{2}))?|Z)$/;

/** A timestamp Postgres will read: the right shape and a real date and time (a forged "2026-02-30" is refused here, not by the database). */
function isTimestamp(text: string): boolean {
  const match = TIMESTAMP.exec(text);
  if (!match) return false;
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes] = [1, 2, 3, 4, 5, 6, 8, 9].map((i) => Number(match[i] ?? 0));
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  const realDay = year >= 1970 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return realDay && hour < 24 && minute < 60 && second < 60 && offsetHours < 16 && offsetMinutes < 60;
}

export function encodeRunCursor(position: RunPosition): string {
  if (position.toward === "oldest") return "oldest";
  return Buffer.from(JSON.stringify([position.toward, position.createdAt, position.id])).toString("base64url");
}

/** The position a cursor names, or null when it is not one a list gave out. */
export function decodeRunCursor(cursor: string): RunPosition | null {
  if (cursor === "oldest") return { toward: "oldest" };
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (!Array.isArray(value) || value.length !== 3) return null;
    const [toward, createdAt, id] = value as unknown[];
    if ((toward !== "older" && toward !== "newer") || typeof createdAt !== "string" || typeof id !== "string") return null;
    if (!isTimestamp(createdAt) || !UUID.test(id)) return null;
    return { toward, createdAt, id };
  } catch {
    return null;
  }
}

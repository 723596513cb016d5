import { formatLocal } from "./zoned-time";

/** "2026-11-27 09:00 Europe/Berlin · 2026-11-27 08:00 UTC": the exact time, where it runs and in UTC. */
export function formatInZoneAndUtc(date: Date | string, timeZone: string): string {
  const epoch = new Date(date).getTime();
  const utc = new Date(epoch).toISOString();
  if (timeZone === "UTC" || timeZone === "Etc/UTC") return `${utc.slice(0, 10)} ${utc.slice(11, 16)} UTC`;
  return `${formatLocal(timeZone, epoch)} ${timeZone} · ${utc.slice(0, 10)} ${utc.slice(11, 16)} UTC`;
}

import { timeZonesNames } from "@vvo/tzdb";

/** Today's IANA names (Asia/Kolkata, Europe/Kyiv, Asia/Ho_Chi_Minh), kept current by @vvo/tzdb. */
const MODERN = new Set(timeZonesNames);
/** The platform's (ICU's) name of a zone → today's name: ICU still calls Asia/Kolkata "Asia/Calcutta". */
let modernByPlatformName: Map<string, string> | undefined;

function platformName(zone: string): string | null {
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/**
 * A zone by the name people know today: "Asia/Calcutta" → "Asia/Kolkata", "Europe/Kiev" → "Europe/Kyiv".
 * Only true renames (the platform treats both names as one zone); anything else is returned as given, so
 * a stored old name keeps working and keeps its meaning.
 */
export function modernZoneName(zone: string): string {
  if (zone === "UTC" || MODERN.has(zone)) return zone;
  if (!modernByPlatformName) {
    modernByPlatformName = new Map();
    for (const name of timeZonesNames) {
      const key = platformName(name);
      if (key && !modernByPlatformName.has(key)) modernByPlatformName.set(key, name);
    }
  }
  const key = platformName(zone);
  return (key && modernByPlatformName.get(key)) || zone;
}

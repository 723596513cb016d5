import { describe, expect, it } from "vitest";
import { parseSchedule } from "@/lib/schedule/schedule-config";
import { cachedZoneCount, canonicalTimeZone, isValidTimeZone, offsetMinutes } from "@/lib/schedule/zoned-time";

/** Every upper/lower-case spelling of `name`, up to `limit` of them. */
function caseVariants(name: string, limit: number): string[] {
  const letters = [...name].map((c, i) => ({ c, i })).filter(({ c }) => c.toLowerCase() !== c.toUpperCase());
  const variants: string[] = [];
  for (let mask = 0; mask < 2 ** letters.length && variants.length < limit; mask++) {
    const chars = [...name];
    letters.forEach(({ c, i }, bit) => (chars[i] = mask & (1 << bit) ? c.toUpperCase() : c.toLowerCase()));
    variants.push(chars.join(""));
  }
  return variants;
}

describe("time zone names", () => {
  it("are stored by their canonical name, whatever the case given", () => {
    expect(canonicalTimeZone("europe/berlin")).toBe("Europe/Berlin");
    expect(parseSchedule({ schedule_type: "daily", schedule_config: { time: "09:00", timezone: "AMERICA/NEW_YORK" } }).schedule_config.timezone).toBe("America/New_York");
    expect(isValidTimeZone("+02:00")).toBe(false);
    expect(isValidTimeZone("Mars/Olympus")).toBe(false);
  });

  it("share one cache entry across thousands of case variants (the caches cannot be grown by spelling)", () => {
    const before = cachedZoneCount();
    offsetMinutes("Australia/Adelaide", Date.UTC(2027, 0, 1));
    const withOne = cachedZoneCount();
    for (const variant of caseVariants("Australia/Adelaide", 5000)) {
      expect(isValidTimeZone(variant)).toBe(true);
      expect(offsetMinutes(variant, Date.UTC(2027, 0, 1))).toBe(630);
    }
    expect(cachedZoneCount()).toEqual(withOne);
    expect(withOne.offsets - before.offsets).toBeLessThanOrEqual(1);
  });
});

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

  it("keep at most 200,000 offsets in all, however many instants are asked about", () => {
    const start = Date.UTC(2000, 0, 1);
    for (let i = 0; i < 250_000; i++) offsetMinutes("Europe/Berlin", start + i * 15 * 60_000);
    expect(cachedZoneCount().cachedOffsets).toBeLessThanOrEqual(200_000);
    expect(offsetMinutes("Europe/Berlin", Date.UTC(2026, 6, 1))).toBe(120);
  });
});

describe("the time-zone picker's names and offsets", () => {
  it("calls zones by today's names, while a stored old name keeps working", async () => {
    const { modernZoneName } = await import("@/lib/schedule/time-zone-names");
    expect(modernZoneName("Asia/Calcutta")).toBe("Asia/Kolkata");
    expect(modernZoneName("Europe/Kiev")).toBe("Europe/Kyiv");
    expect(modernZoneName("Asia/Saigon")).toBe("Asia/Ho_Chi_Minh");
    expect(modernZoneName("America/Detroit")).toBe("America/Detroit"); // a zone of its own, not a rename
    expect(modernZoneName("Europe/Berlin")).toBe("Europe/Berlin");
    expect(modernZoneName("Nowhere/Land")).toBe("Nowhere/Land");
    expect(isValidTimeZone("Asia/Calcutta")).toBe(true);
  });

  it("lists every zone once by today's name with its offset on the day, finds old names, cities and countries, and every choice is accepted", async () => {
    const { timeZoneOptions } = await import("@/lib/schedule/time-zone-options");
    const winter = timeZoneOptions(Date.UTC(2027, 0, 15));
    const summer = timeZoneOptions(Date.UTC(2027, 6, 15));
    const names = winter.map((option) => option.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(["UTC", "Asia/Kolkata", "Europe/Kyiv", "Asia/Ho_Chi_Minh"]));
    expect(names).not.toContain("Asia/Calcutta");
    const label = (options: typeof winter, name: string) => options.find((option) => option.name === name)!.label;
    expect(label(winter, "Asia/Kolkata")).toMatch(/^\(UTC\+05:30\) Asia\/Kolkata — Mumbai/);
    expect(label(winter, "Europe/Berlin")).toMatch(/^\(UTC\+01:00\) Europe\/Berlin/);
    expect(label(summer, "Europe/Berlin")).toMatch(/^\(UTC\+02:00\) Europe\/Berlin/); // the offset of the day, across DST
    expect(label(winter, "America/New_York")).toMatch(/^\(UTC−05:00\) America\/New York/);
    const find = (text: string) => winter.filter((option) => text.toLowerCase().split(" ").every((word) => option.search.includes(word))).map((option) => option.name);
    expect(find("calcutta")).toContain("Asia/Kolkata");
    expect(find("kiev")).toContain("Europe/Kyiv");
    expect(find("india")).toContain("Asia/Kolkata");
    expect(find("new york")).toContain("America/New_York");
    // Ordered by offset, west to east.
    expect(names.indexOf("America/New_York")).toBeLessThan(names.indexOf("Europe/Berlin"));
    expect(names.indexOf("Europe/Berlin")).toBeLessThan(names.indexOf("Asia/Kolkata"));
    for (const name of names) expect({ name, valid: parseSchedule({ schedule_type: "daily", schedule_config: { time: "09:00", timezone: name } }).schedule_config.timezone }).toEqual({ name, valid: name });
  });
});

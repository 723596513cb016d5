import { describe as group, expect, it } from "vitest";
import { nextRun, nextRuns } from "@/lib/schedule/next-run";
import { parseSchedule } from "@/lib/schedule/schedule-config";

const daily = (time: string, timezone: string) => parseSchedule({ schedule_type: "daily", schedule_config: { time, timezone } });
const next = (schedule: ReturnType<typeof parseSchedule>, after: string) => nextRun(schedule, new Date(after))?.toISOString();

group("daylight saving: a missing time runs once, shifted past the gap; a repeated time runs once, the first", () => {
  it.each([
    // zone, wall time, searching from, expected UTC instant, why
    ["America/New_York", "02:30", "2026-03-08T00:00:00Z", "2026-03-08T07:30:00.000Z", "spring forward: 02:30 → 03:30 EDT"],
    ["America/New_York", "01:30", "2026-11-01T00:00:00Z", "2026-11-01T05:30:00.000Z", "fall back: first 01:30 (EDT)"],
    ["America/New_York", "02:30", "2026-11-01T00:00:00Z", "2026-11-01T07:30:00.000Z", "fall-back day, 02:30 exists once (EST)"],
    ["Europe/Berlin", "02:30", "2026-03-28T23:00:00Z", "2026-03-29T01:30:00.000Z", "spring forward: 03:30 CEST"],
    ["Europe/Berlin", "02:30", "2026-10-24T22:00:00Z", "2026-10-25T00:30:00.000Z", "fall back: first 02:30 (CEST)"],
    ["Europe/London", "01:30", "2026-03-29T00:00:00Z", "2026-03-29T01:30:00.000Z", "spring forward: 02:30 BST"],
    ["Europe/London", "01:30", "2026-10-25T00:00:00Z", "2026-10-25T00:30:00.000Z", "fall back: first 01:30 (BST)"],
    ["Australia/Sydney", "02:30", "2026-10-03T14:00:00Z", "2026-10-03T16:30:00.000Z", "southern spring forward: 03:30 AEDT"],
    ["Australia/Sydney", "02:30", "2026-04-04T14:00:00Z", "2026-04-04T15:30:00.000Z", "southern fall back: first 02:30 (AEDT)"],
    ["Asia/Kolkata", "09:00", "2026-06-01T00:00:00Z", "2026-06-01T03:30:00.000Z", "+05:30, no DST"],
    ["Pacific/Chatham", "03:00", "2026-09-26T12:00:00Z", "2026-09-26T14:15:00.000Z", "+12:45→+13:45: 03:00 → 04:00"],
    ["Pacific/Chatham", "03:00", "2026-04-04T12:00:00Z", "2026-04-04T13:15:00.000Z", "+13:45→+12:45: first 03:00"],
  ])("%s %s from %s → %s (%s)", (zone, time, after, expected) => {
    expect(next(daily(time, zone), after)).toBe(expected);
  });

  it("runs once on the fall-back day even though the hour repeats", () => {
    const runs = nextRuns(daily("01:30", "America/New_York"), new Date("2026-10-31T12:00:00Z"), 3);
    expect(runs.map((d) => d.toISOString())).toEqual([
      "2026-11-01T05:30:00.000Z",
      "2026-11-02T06:30:00.000Z",
      "2026-11-03T06:30:00.000Z",
    ]);
  });

  it("runs once on the spring-forward day and does not skip it", () => {
    const runs = nextRuns(daily("02:30", "Europe/Berlin"), new Date("2026-03-28T12:00:00Z"), 3);
    expect(runs.map((d) => d.toISOString())).toEqual([
      "2026-03-29T01:30:00.000Z",
      "2026-03-30T00:30:00.000Z",
      "2026-03-31T00:30:00.000Z",
    ]);
  });
});

group("calendars", () => {
  it('"last" is Feb 29 in a leap year and Feb 28 otherwise', () => {
    const last = parseSchedule({ schedule_type: "monthly", schedule_config: { day_of_month: "last", time: "18:30" } });
    expect(next(last, "2028-02-01T00:00:00Z")).toBe("2028-02-29T18:30:00.000Z");
    expect(next(last, "2027-02-01T00:00:00Z")).toBe("2027-02-28T18:30:00.000Z");
    expect(next(last, "2026-04-30T18:30:00Z")).toBe("2026-05-31T18:30:00.000Z");
  });

  it("a leap-day cron waits for the next Feb 29", () => {
    const leap = parseSchedule({ schedule_type: "custom", schedule_config: { cron_expression: "0 0 29 2 *" } });
    expect(next(leap, "2026-03-01T00:00:00Z")).toBe("2028-02-29T00:00:00.000Z");
  });

  it.each([0, 1, 2, 3, 4, 5, 6])("weekly day_of_week %i counts from Monday = 0", (dayOfWeek) => {
    const weekly = parseSchedule({ schedule_type: "weekly", schedule_config: { day_of_week: dayOfWeek, time: "12:00" } });
    // 2026-11-23 is a Monday.
    const expected = new Date(Date.UTC(2026, 10, 23 + dayOfWeek, 12)).toISOString();
    expect(next(weekly, "2026-11-23T00:00:00Z")).toBe(expected);
  });

  it("monthly on a day in a zone east of UTC lands on that local day", () => {
    const monthly = parseSchedule({
      schedule_type: "monthly",
      schedule_config: { day_of_month: 1, time: "00:30", timezone: "Asia/Kolkata" },
    });
    expect(next(monthly, "2026-11-26T00:00:00Z")).toBe("2026-11-30T19:00:00.000Z"); // Dec 1 00:30 IST
  });

  it("the next run is strictly after `after`, even when `after` is exactly a slot", () => {
    expect(next(daily("09:00", "UTC"), "2026-11-26T09:00:00Z")).toBe("2026-11-27T09:00:00.000Z");
  });
});

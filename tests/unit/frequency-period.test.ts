import { describe, expect, it } from "vitest";
import { frequencyPeriod } from "@/lib/schedule/frequency-period";

const at = (iso: string) => new Date(iso);
const hours = (p: { start: Date; end: Date }) => (p.end.getTime() - p.start.getTime()) / 3_600_000;

describe("calendar frequency periods", () => {
  it("a day is the local day, 23 or 25 hours long across daylight saving, and consecutive days touch", () => {
    const spring = frequencyPeriod("daily", at("2027-03-28T12:00:00Z"), "Europe/Berlin");
    expect(spring).toMatchObject({ key: "daily:2027-03-28", label: "28 Mar 2027" });
    expect(hours(spring)).toBe(23);
    const autumn = frequencyPeriod("daily", at("2027-10-31T12:00:00Z"), "Europe/Berlin");
    expect(hours(autumn)).toBe(25);
    const before = frequencyPeriod("daily", at("2027-03-27T22:59:59Z"), "Europe/Berlin");
    const after = frequencyPeriod("daily", at("2027-03-27T23:00:00Z"), "Europe/Berlin");
    expect([before.key, after.key]).toEqual(["daily:2027-03-27", "daily:2027-03-28"]);
    expect(before.end.getTime()).toBe(after.start.getTime());
  });

  it("a week is the ISO week (Monday to Sunday), numbered by the ISO year across New Year", () => {
    expect(frequencyPeriod("weekly", at("2026-11-27T09:00:00Z"), "UTC")).toMatchObject({ key: "weekly:2026-W48", label: "week 48 of 2026, 23–29 Nov" });
    expect(frequencyPeriod("weekly", at("2027-01-01T12:00:00Z"), "UTC").key).toBe("weekly:2026-W53");
    expect(frequencyPeriod("weekly", at("2027-01-04T00:00:00Z"), "UTC").key).toBe("weekly:2027-W01");
    // Sunday 23:30 in Sydney is still that week there, though Sunday 12:30 UTC.
    const sunday = frequencyPeriod("weekly", at("2027-01-10T12:30:00Z"), "Australia/Sydney");
    expect(sunday.key).toBe("weekly:2027-W01");
    expect(sunday.end.toISOString()).toBe("2027-01-10T13:00:00.000Z");
  });

  it("a month is the calendar month, February included, and the next starts where it ends", () => {
    const february = frequencyPeriod("monthly", at("2028-02-29T10:00:00Z"), "America/New_York");
    expect(february).toMatchObject({ key: "monthly:2028-02", label: "February 2028" });
    expect(february.start.toISOString()).toBe("2028-02-01T05:00:00.000Z");
    expect(february.end.toISOString()).toBe("2028-03-01T05:00:00.000Z");
    expect(frequencyPeriod("monthly", february.end, "America/New_York").key).toBe("monthly:2028-03");
  });
});

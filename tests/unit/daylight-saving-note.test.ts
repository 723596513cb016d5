import { expect, it } from "vitest";
import { previewSchedule } from "@/lib/schedule/preview";
import { parseSchedule } from "@/lib/schedule/schedule-config";

const daily = (time: string, timezone = "Europe/Berlin") => parseSchedule({ schedule_type: "daily", schedule_config: { time, timezone } });

it("marks the preview's runs that daylight saving moves, on both changes of the year, and no others", () => {
  // Berlin springs forward on 2027-03-28 (02:00 → 03:00): 02:30 does not exist that day.
  const spring = previewSchedule(daily("02:30"), { count: 3, after: new Date("2027-03-27T00:00:00Z") });
  expect(spring.next_runs_local).toEqual(["2027-03-27 02:30", "2027-03-28 03:30", "2027-03-29 02:30"]);
  expect(spring.daylight_saving).toEqual([null, "02:30 does not exist that day (clocks go forward): runs at 03:30", null]);

  // It falls back on 2027-10-31 (03:00 → 02:00): 02:30 happens twice, and the schedule runs once, at the first.
  const autumn = previewSchedule(daily("02:30"), { count: 3, after: new Date("2027-10-30T00:00:00Z") });
  expect(autumn.next_runs_local).toEqual(["2027-10-30 02:30", "2027-10-31 02:30", "2027-11-01 02:30"]);
  expect(autumn.daylight_saving).toEqual([null, "02:30 happens twice that day (clocks go back): runs once, at the first", null]);

  // A time clear of the change, and a zone without daylight saving: nothing to say.
  expect(previewSchedule(daily("09:00"), { count: 3, after: new Date("2027-03-27T00:00:00Z") }).daylight_saving).toEqual([null, null, null]);
  expect(previewSchedule(daily("02:30", "UTC"), { count: 3, after: new Date("2027-03-27T00:00:00Z") }).daylight_saving).toEqual([null, null, null]);
});

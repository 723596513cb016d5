import { afterEach, describe as group, expect, it } from "vitest";
import { describeSchedule } from "@/lib/schedule/describe";
import { previewSchedule } from "@/lib/schedule/preview";
import { parseSchedule } from "@/lib/schedule/schedule-config";
import { parseTimeOfDay } from "@/lib/schedule/time-of-day";
import { ScheduleValidationError } from "@/lib/schedule/schedule-error";

function errorOf(input: unknown): ScheduleValidationError {
  try {
    parseSchedule(input);
  } catch (error) {
    if (error instanceof ScheduleValidationError) return error;
    throw new Error(`threw something else: ${String(error)}`);
  }
  throw new Error(`accepted ${JSON.stringify(input)}`);
}

const daily = (config: object) => ({ schedule_type: "daily", schedule_config: config });
const cron = (cron_expression: unknown) => ({ schedule_type: "custom", schedule_config: { cron_expression } });

group("times of day as people type them", () => {
  it.each([
    ["9:00", "09:00"], ["09:00", "09:00"], ["9", "09:00"], ["9am", "09:00"], ["9 AM", "09:00"], ["9:30 pm", "21:30"], ["21.15", "21:15"],
    ["12am", "00:00"], ["12pm", "12:00"], ["0:05", "00:05"], ["23:59", "23:59"],
  ])("%s is %s, and the schedule stores it so", (typed, stored) => {
    expect(parseTimeOfDay(typed)).toBe(stored);
    expect(parseSchedule(daily({ time: typed, timezone: "UTC" })).schedule_config).toMatchObject({ time: stored });
  });

  it.each(["24:00", "9:60", "13pm", "0am", "9:5", "nine", "", "9::00"])("%s is not a time of day", (typed) => {
    expect(parseTimeOfDay(typed)).toBeNull();
  });
});

group("bad input is refused with the field and the fix", () => {
  it.each([
    [daily({ time: "24:00" }), "schedule_config.time", /00:00 to 23:59/],
    [daily({ time: "9:5" }), "schedule_config.time", /00:00 to 23:59/],
    [daily({ time: "13pm" }), "schedule_config.time", /e\.g\. "09:00", "9:30" or "9am"/],
    [daily({ time: "09:60" }), "schedule_config.time", /00:00 to 23:59/],
    [daily({ time: "09:00", timezone: "Mars/Olympus" }), "schedule_config.timezone", /IANA/],
    [daily({ time: "09:00", timezone: "+02:00" }), "schedule_config.timezone", /not an offset/],
    [{ schedule_type: "weekly", schedule_config: { day_of_week: 7, time: "09:00" } }, "schedule_config.day_of_week", /0 \(Monday\) to 6 \(Sunday\)/],
    [{ schedule_type: "weekly", schedule_config: { day_of_week: -1, time: "09:00" } }, "schedule_config.day_of_week", /Monday/],
    [{ schedule_type: "monthly", schedule_config: { day_of_month: 0, time: "09:00" } }, "schedule_config.day_of_month", /1 to 28/],
    [{ schedule_type: "monthly", schedule_config: { day_of_month: 29, time: "09:00" } }, "schedule_config.day_of_month", /"last"/],
    [{ schedule_type: "monthly", schedule_config: { day_of_month: "first", time: "09:00" } }, "schedule_config.day_of_month", /1 to 28/],
    [{ schedule_type: "hourly", schedule_config: {} }, "schedule_type", /daily, weekly, monthly or custom/],
    [cron("0 9 * *"), "schedule_config.cron_expression", /five fields.*has 4/],
    [cron("0 0 9 * * 1"), "schedule_config.cron_expression", /Seconds are not supported: remove the first field "0"/],
    [cron("0 9 * * 1-5 2026"), "schedule_config.cron_expression", /Years are not supported: remove the sixth field "2026"/],
    [cron("61 * * * *"), "schedule_config.cron_expression", /minute field allows 0–59; "61" is outside it/],
    [cron("0 25 * * *"), "schedule_config.cron_expression", /hour field allows 0–23; "25"/],
    [cron("0 9 1-32 * *"), "schedule_config.cron_expression", /day of month field allows 1–31; "32"/],
    [cron("* * * * *"), "schedule_config.cron_expression", /would run 1 minute apart.*once every 60 minutes/],
    [cron("*/30 * * * *"), "schedule_config.cron_expression", /30 minutes apart/],
    [cron("what is this"), "schedule_config.cron_expression", /five fields/],
    [cron("a b c d e"), "schedule_config.cron_expression", /not standard cron syntax/],
    [cron("0 9 ? * *"), "schedule_config.cron_expression", /not standard cron syntax/],
    [cron("0 9 LW-3 * *"), "schedule_config.cron_expression", /L \(last day\), LW \(last weekday\)/],
    [cron("0 9 * * MON#2"), "schedule_config.cron_expression", /1#2 \(second Monday\)/],
    [cron("@reboot"), "schedule_config.cron_expression", /@reboot is not supported/],
    [cron("0 0 31 2 *"), "schedule_config.cron_expression", /That day never comes in the months chosen \(like 31 February/],
    [cron("0 9 30 2 *"), "schedule_config.cron_expression", /never comes/],
    [cron("0 9 31 4,6 *"), "schedule_config.cron_expression", /never comes/],
    [cron("x".repeat(10 * 1024)), "schedule_config.cron_expression", /at most 200 characters/],
    [cron(42), "schedule_config.cron_expression", /five fields/],
  ])("%j → %s", (input, field, message) => {
    const error = errorOf(input);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });

  it.each([null, undefined, "garbage", 42, [], { schedule_type: "daily" }, { schedule_type: "custom", schedule_config: null }])(
    "%j throws only the module's own validation error",
    (input) => {
      expect(() => parseSchedule(input)).toThrow(ScheduleValidationError);
    },
  );
});

group("the minimum interval comes from AUTOPILOT_MIN_INTERVAL_MINUTES", () => {
  afterEach(() => {
    delete process.env.AUTOPILOT_MIN_INTERVAL_MINUTES;
  });

  it("refuses hourly when the limit is raised, accepts every 15 minutes when lowered", () => {
    process.env.AUTOPILOT_MIN_INTERVAL_MINUTES = "120";
    expect(errorOf(cron("@hourly")).message).toMatch(/60 minutes apart.*once every 120 minutes/);
    process.env.AUTOPILOT_MIN_INTERVAL_MINUTES = "15";
    expect(parseSchedule(cron("*/15 * * * *")).schedule_type).toBe("custom");
  });

  it("counts the gap across midnight", () => {
    expect(errorOf(cron("0,59 0,23 * * *")).message).toMatch(/1 minute apart/);
  });
});

group("descriptions", () => {
  it.each([
    [{ schedule_type: "daily", schedule_config: { time: "09:00", timezone: "Europe/Berlin" } }, "Every day at 09:00 (Europe/Berlin)"],
    [{ schedule_type: "weekly", schedule_config: { day_of_week: 0, time: "09:00" } }, "Every Monday at 09:00 (UTC)"],
    [{ schedule_type: "weekly", schedule_config: { day_of_week: 6, time: "07:15" } }, "Every Sunday at 07:15 (UTC)"],
    [{ schedule_type: "monthly", schedule_config: { day_of_month: "last", time: "18:30", timezone: "America/New_York" } }, "On the last day of every month at 18:30 (America/New_York)"],
    [{ schedule_type: "monthly", schedule_config: { day_of_month: 2, time: "06:00" } }, "On the 2nd of every month at 06:00 (UTC)"],
    [{ schedule_type: "custom", schedule_config: { cron_expression: "0 9 * * 1-5", timezone: "Asia/Kolkata" } }, "At 09:00, Monday through Friday (Asia/Kolkata)"],
    [{ schedule_type: "custom", schedule_config: { cron_expression: "@daily" } }, "At 00:00 (UTC)"],
  ])("%j reads %s", (input, text) => {
    expect(describeSchedule(parseSchedule(input))).toBe(text);
  });
});

group("the preview under a specification's frequency", () => {
  it("marks the slots a weekly specification skips, explains why, and marks none with an override", () => {
    const daily = parseSchedule({ schedule_type: "daily", schedule_config: { time: "09:00", timezone: "Europe/Berlin" } });
    // From Friday 27 Nov 2026: Sat, Sun (same ISO week), Mon, Tue, Wed (next week).
    const preview = previewSchedule(daily, { count: 5, after: new Date("2026-11-27T12:00:00Z"), frequency: "weekly" });
    expect(preview.skipped).toEqual([false, true, false, true, true]);
    expect(preview.frequency_note).toMatch(/one report per week, made by the first run of each week .* choose the report period “daily”/);
    expect(preview.skipped_by[1]).toBe("“This schedule” at 2026-11-28 09:00 Europe/Berlin");
    expect(preview.effective_cadence).toBe("Weekly in effect: one report per week");
    expect(preview.never_delivers).toBe(false);
    const overridden = previewSchedule(daily, { count: 5, after: new Date("2026-11-27T12:00:00Z"), frequency: null });
    expect(overridden.skipped).toEqual([false, false, false, false, false]);
    expect(overridden.frequency_note).toBeNull();
    expect(overridden.effective_cadence).toBeNull();
  });

  it("weighs the specification's other schedules and the periods runs already hold, naming who makes each skipped slot's report", () => {
    const daily = parseSchedule({ schedule_type: "daily", schedule_config: { time: "09:00", timezone: "Europe/Berlin" } });
    const monday = parseSchedule({ schedule_type: "weekly", schedule_config: { day_of_week: 0, time: "08:00", timezone: "Europe/Berlin" } });
    // Monday 30 Nov 2026, 06:00 UTC. "Monday digest" runs each Monday at 08:00 Berlin, before the daily 09:00.
    const after = new Date("2026-11-30T06:00:00Z");
    const sibling = { id: "a", name: "Monday digest", timing: monday, firstSlot: new Date("2026-11-30T07:00:00Z"), counted: true };
    const preview = previewSchedule(daily, { count: 8, after, frequency: "weekly", siblings: [sibling] });
    expect(preview.never_delivers).toBe(true);
    expect(preview.skipped_by[0]).toBe("“Monday digest” at 2026-11-30 08:00 Europe/Berlin");
    expect(preview.skipped_by[7]).toBe("“Monday digest” at 2026-12-07 08:00 Europe/Berlin");

    // A Generate already made this week's report: the daily schedule's slots this week are skipped, naming it,
    // and next Monday the digest still comes first.
    const taken = new Map([["weekly:2026-W49", "a Generate by ana@example.com at 2026-11-30 05:00 UTC"]]);
    const alone = previewSchedule(daily, { count: 8, after, frequency: "weekly", taken });
    expect(alone.skipped).toEqual([true, true, true, true, true, true, true, false]);
    expect(alone.skipped_by[0]).toBe("a Generate by ana@example.com at 2026-11-30 05:00 UTC");
    // The digest, being previewed while the daily schedule exists, loses this week to the Generate and no later week.
    const digest = previewSchedule(monday, { count: 3, after, frequency: "weekly", taken, id: "a", siblings: [{ id: "b", name: "Daily", timing: daily, firstSlot: new Date("2026-11-30T08:00:00Z"), counted: true }] });
    expect(digest.skipped).toEqual([true, false, false]);
    // A report period override puts a schedule outside the rule: it neither loses nor takes a period.
    const overridden = previewSchedule(daily, { count: 3, after, frequency: null, taken, siblings: [sibling] });
    expect(overridden.skipped).toEqual([false, false, false]);
  });
});

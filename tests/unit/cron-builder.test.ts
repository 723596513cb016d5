/**
 * Month-relative days (first/last business day, last day, nth weekday) and the visual builder that writes
 * them: each extension is checked day by day against an independent count over three years, and the builder
 * round-trips with the expression.
 */
import { describe, expect, it } from "vitest";
import { buildCron, readCron, type CronBuilderState } from "@/lib/schedule/cron-builder";
import { parseCron } from "@/lib/schedule/cron-expression";
import { describeSchedule } from "@/lib/schedule/describe";
import { nextRuns } from "@/lib/schedule/next-run";
import { parseSchedule } from "@/lib/schedule/schedule-config";

const FROM = new Date("2026-01-01T00:00:00Z");
const TO = new Date("2029-01-01T00:00:00Z");

function runDays(expression: string, timezone = "UTC"): string[] {
  const schedule = parseSchedule({ schedule_type: "custom", schedule_config: { cron_expression: expression, timezone } });
  return nextRuns(schedule, new Date(FROM.getTime() - 1), 200)
    .filter((run) => run < TO)
    .map((run) => run.toISOString());
}

/** Every day from FROM to TO that `pick` chooses among its month's days, at 09:00 UTC. */
function expectedDays(pick: (days: Date[]) => Date[]): string[] {
  const picked: string[] = [];
  for (let month = new Date(FROM); month < TO; month = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1))) {
    const days: Date[] = [];
    for (let day = new Date(month); day.getUTCMonth() === month.getUTCMonth(); day = new Date(day.getTime() + 86_400_000)) days.push(day);
    for (const day of pick(days)) picked.push(new Date(day.getTime() + 9 * 3_600_000).toISOString());
  }
  return picked;
}

const isBusinessDay = (day: Date) => day.getUTCDay() >= 1 && day.getUTCDay() <= 5;

describe("month-relative days in cron expressions", () => {
  it("runs on the first business day of each month (1W), Saturday and Sunday firsts moving to Monday", () => {
    expect(runDays("0 9 1W * *")).toEqual(expectedDays((days) => [days.find(isBusinessDay)!]));
    // August 2026 starts on a Saturday, November 2026 on a Sunday: both run on the Monday after.
    expect(runDays("0 9 1W * *")).toContain("2026-08-03T09:00:00.000Z");
    expect(runDays("0 9 1W * *")).toContain("2026-11-02T09:00:00.000Z");
  });

  it("runs on the last business day (LW), the last day (L), the last Friday (5L) and the second Monday (1#2)", () => {
    expect(runDays("0 9 LW * *")).toEqual(expectedDays((days) => [days.filter(isBusinessDay).pop()!]));
    expect(runDays("0 9 L * *")).toEqual(expectedDays((days) => [days[days.length - 1]]));
    expect(runDays("0 9 * * 5L")).toEqual(expectedDays((days) => [days.filter((d) => d.getUTCDay() === 5).pop()!]));
    expect(runDays("0 9 * * 1#2")).toEqual(expectedDays((days) => [days.filter((d) => d.getUTCDay() === 1)[1]]));
    // A fifth Sunday exists in some months only; those months run, the others do not.
    expect(runDays("0 9 * * 0#5")).toEqual(expectedDays((days) => days.filter((d) => d.getUTCDay() === 0).slice(4)));
    // Several in one field: the first Monday and the last Friday.
    expect(runDays("0 9 * * 1#1,5L")).toEqual(
      expectedDays((days) => [days.find((d) => d.getUTCDay() === 1)!, days.filter((d) => d.getUTCDay() === 5).pop()!].sort((a, b) => a.getTime() - b.getTime())),
    );
  });

  it("moves nW to the nearest weekday without leaving the month", () => {
    const runs = runDays("0 9 15W * *");
    expect(runs).toContain("2026-08-14T09:00:00.000Z"); // the 15th is a Saturday: Friday
    expect(runs).toContain("2026-11-16T09:00:00.000Z"); // a Sunday: Monday
    expect(runs).toContain("2026-09-15T09:00:00.000Z"); // a Tuesday: itself
    // 31W in a 30-day month means its last day, and LW never crosses into the next month.
    expect(runDays("0 9 31W 5 *")).toContain("2026-05-29T09:00:00.000Z"); // May 31 2026 is a Sunday
  });

  it("keeps the local hour across a DST change (Berlin, last Sunday of March and October)", () => {
    const runs = runDays("30 2 * * 0L", "Europe/Berlin").slice(0, 12);
    // 02:30 does not exist on the last Sunday of March: it runs at 03:30 CEST (01:30 UTC).
    expect(runs[2]).toBe("2026-03-29T01:30:00.000Z");
    expect(runs[9]).toBe("2026-10-25T00:30:00.000Z");
  });

  it("refuses what it cannot run with a message naming the fix", () => {
    expect(() => parseCron("0 9 32W * *")).toThrow(/1W–31W/);
    expect(() => parseCron("0 9 * * 1#6")).toThrow(/5L \(last Friday\) or 1#2 \(second Monday\)/);
    expect(() => parseCron("0 9 ? * *")).toThrow(/not standard cron syntax/);
    expect(() => parseCron("0 9 * * 8L")).toThrow(/day of week/);
  });

  it("describes them in words", () => {
    const words = (cron: string) => describeSchedule(parseSchedule({ schedule_type: "custom", schedule_config: { cron_expression: cron, timezone: "UTC" } }));
    expect(words("0 9 1W * *")).toBe("At 09:00, on the first weekday of the month (UTC)");
    expect(words("0 17 * * 5L")).toBe("At 17:00, on the last Friday of the month (UTC)");
  });
});

describe("the visual cron builder", () => {
  const states: CronBuilderState[] = [
    { minutes: [0], hours: [9], days: { rule: "every_day" } },
    { minutes: [0], hours: [8], days: { rule: "business_days" } },
    { minutes: [0, 30], hours: [9, 13, 17], days: { rule: "weekdays", weekdays: [1, 3, 5] } },
    { minutes: [15], hours: [6], days: { rule: "days_of_month", days: [1, 15] } },
    { minutes: [0], hours: [18], days: { rule: "last_day" } },
    { minutes: [0], hours: [9], days: { rule: "first_business_day" } },
    { minutes: [45], hours: [16], days: { rule: "last_business_day" } },
    { minutes: [0], hours: [10], days: { rule: "nth_weekday", nth: 2, weekday: 2 } },
    { minutes: [0], hours: [10], days: { rule: "nth_weekday", nth: -1, weekday: 5 } },
    { minutes: [0, 15, 30, 45], hours: [0, 6, 12, 18], days: { rule: "weekdays", weekdays: [0, 6] } },
  ];

  it("writes the expression a person expects and reads it back to the same choices", () => {
    expect(states.map(buildCron)).toEqual([
      "0 9 * * *",
      "0 8 * * 1-5",
      "0,30 9,13,17 * * 1,3,5",
      "15 6 1,15 * *",
      "0 18 L * *",
      "0 9 1W * *",
      "45 16 LW * *",
      "0 10 * * 2#2",
      "0 10 * * 5L",
      "*/15 */6 * * 0,6",
    ]);
    for (const state of states) expect(readCron(buildCron(state))).toEqual(state);
  });

  it("reads hand-written expressions into choices that run at exactly the same times", () => {
    for (const expression of ["0 9 * * MON-FRI", "0 8-10,14 * * 1,2,3", "30 */4 * * 0,6", "0 9 1-3,28 * *", "5 4 * * 1#1", "0 9 * * 1,2,3,4,5", "@weekly"]) {
      const state = readCron(expression);
      expect(state, expression).not.toBeNull();
      const rebuilt = buildCron(state!);
      expect(runDays(rebuilt).slice(0, 60), `${expression} → ${rebuilt}`).toEqual(runDays(expression).slice(0, 60));
    }
    expect(readCron("0 9 * * mon-fri")?.days).toEqual({ rule: "business_days" });
  });

  it("leaves expressions beyond the builder as typed", () => {
    expect(readCron("0 9 * 1,7 *")).toBeNull(); // chosen months
    expect(readCron("0 9 13 * 5")).toBeNull(); // both day fields (either matches)
    expect(readCron("0 9 15W * *")).toBeNull();
    expect(() => readCron("0 9 * *")).toThrow(/five fields/);
  });
});

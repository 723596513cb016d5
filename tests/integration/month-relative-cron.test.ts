/**
 * Schedules the visual builder writes (first business day, last Friday of the month) run through the real
 * tick on a fake clock for four months in Berlin, across the October clock change: each run lands on the day
 * and local hour the builder promised, once a month, and the next run shown is the next one promised.
 */
import { expect, it } from "vitest";
import { createSchedule } from "@/lib/autopilot/schedules";
import { runTick } from "@/lib/engine/run-tick";
import { buildCron } from "@/lib/schedule/cron-builder";
import { scheduleCreateSchema } from "@/lib/validation/schedule";
import { recordOnlyGenerator } from "./helpers/record-only-generator";
import { runsOf, scheduleRow } from "./helpers/schedules";
import { createStarterTeam, disableSchedules } from "./helpers/starter-team";
import { describeEachDatabase } from "./helpers/test-database";

const MINUTE = 60_000;
const ZONE = "Europe/Berlin";

/** The Berlin wall clock of an instant: its date parts, weekday (0 = Sunday) and "HH:MM". */
function berlin(at: Date) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", { timeZone: ZONE, year: "numeric", month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit", weekday: "short", hourCycle: "h23" })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  const year = Number(parts.year);
  const month = Number(parts.month);
  const day = Number(parts.day);
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return { year, month, day, weekday, time: `${parts.hour}:${parts.minute}`, monthLength: new Date(Date.UTC(year, month, 0)).getUTCDate() };
}

describeEachDatabase("month-relative schedules from the cron builder", (db) => {
  it("run on the first business day and the last Friday of four consecutive months, across a clock change", async () => {
    const { owner, workspaceId, specId } = await createStarterTeam(db());
    await disableSchedules(db(), workspaceId);
    const year = new Date().getUTCFullYear() + 1;
    const start = new Date(Date.UTC(year, 6, 20, 0, 0)); // 20 July
    const end = new Date(Date.UTC(year, 10, 10, 0, 0)); // 10 November: after the last Sunday of October
    const create = (name: string, cron_expression: string) =>
      createSchedule(
        owner,
        workspaceId,
        scheduleCreateSchema.parse({ specification_id: specId, schedule_name: name, cadence_override: "daily", schedule_type: "custom", schedule_config: { cron_expression, timezone: ZONE } }),
        start,
      );
    const firstExpression = buildCron({ minutes: [0], hours: [9], days: { rule: "first_business_day" } });
    const lastExpression = buildCron({ minutes: [0], hours: [17], days: { rule: "nth_weekday", nth: -1, weekday: 5 } });
    expect([firstExpression, lastExpression]).toEqual(["0 9 1W * *", "0 17 * * 5L"]);
    const first = await create("Month opener", firstExpression);
    const last = await create("Last Friday wrap-up", lastExpression);

    for (;;) {
      const due = Math.min(...(await Promise.all([first.id, last.id].map(async (id) => (await scheduleRow(db(), id)).next_run_at.getTime()))));
      if (due >= end.getTime()) break;
      await runTick(db(), { now: () => new Date(due + MINUTE), generator: recordOnlyGenerator() });
    }

    const openers = (await runsOf(db(), first.id)).map((run) => ({ status: run.status, ...berlin(run.scheduled_for!) }));
    // August, September, October and November: one each, 09:00 local in summer and in winter time.
    expect(openers.map((run) => run.month)).toEqual([8, 9, 10, 11]);
    for (const run of openers) {
      expect(run).toMatchObject({ status: "success", time: "09:00" });
      expect(run.weekday).toBeGreaterThanOrEqual(1);
      expect(run.weekday).toBeLessThanOrEqual(5);
      // No earlier day of the month is a business day.
      for (let day = 1; day < run.day; day++) expect([0, 6]).toContain(new Date(Date.UTC(run.year, run.month - 1, day)).getUTCDay());
    }
    const wrapUps = (await runsOf(db(), last.id)).map((run) => ({ status: run.status, ...berlin(run.scheduled_for!) }));
    expect(wrapUps.map((run) => run.month)).toEqual([7, 8, 9, 10]);
    for (const run of wrapUps) {
      expect(run).toMatchObject({ status: "success", time: "17:00", weekday: 5 });
      expect(run.day + 7).toBeGreaterThan(run.monthLength);
    }
    // What the schedule page shows next is November's last Friday, 17:00 in winter time.
    const next = berlin((await scheduleRow(db(), last.id)).next_run_at);
    expect(next).toMatchObject({ month: 11, weekday: 5, time: "17:00" });
    expect(next.day + 7).toBeGreaterThan(next.monthLength);
  });
});

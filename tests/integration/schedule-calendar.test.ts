/**
 * The workspace calendar tells what will run: four schedules on two specifications (one weekly, one daily),
 * one with an end date and one paused, predicted for 30 days, then 30 simulated days of the real tick on a
 * fake clock, compared slot by slot with the calendar.
 */
import { expect, it } from "vitest";
import { getScheduleCalendar } from "@/lib/autopilot/schedule-calendar";
import { createSchedule, updateSchedule } from "@/lib/autopilot/schedules";
import { runTick } from "@/lib/engine/run-tick";
import { scheduleCreateSchema, schedulePatchSchema } from "@/lib/validation/schedule";
import { recordOnlyGenerator } from "./helpers/record-only-generator";
import { scheduleRow } from "./helpers/schedules";
import { createStarterTeam } from "./helpers/starter-team";
import { describeEachDatabase } from "./helpers/test-database";
import { aWinterMonday } from "./helpers/winter-monday";
import { createUser } from "./helpers/users";

const MINUTE = 60_000;
const DAY = 86_400_000;

describeEachDatabase("the workspace calendar", (db) => {
  it("predicts 30 days of runs, skips, an end date and a pause exactly as the real tick then runs them", async () => {
    const { owner, workspaceId, specId: weeklySpec } = await createStarterTeam(db());
    await db().query("update autopilot_schedules set enabled = false where workspace_id = $1", [workspaceId]);
    const { rows } = await db().query<{ id: string }>(
      `insert into newsletter_specifications (workspace_id, name, categories, regions, frequency)
       values ($1, 'Daily wire', '[{"id":"news","name":"News","keywords":[]}]', '["Europe"]', 'daily') returning id`,
      [workspaceId],
    );
    const dailySpec = rows[0].id;
    const monday = aWinterMonday();
    const now = new Date(monday.getTime() + MINUTE);
    const end = now.getTime() + 30 * DAY;
    const create = (name: string, specificationId: string, schedule: object) =>
      createSchedule(owner, workspaceId, scheduleCreateSchema.parse({ specification_id: specificationId, schedule_name: name, ...schedule }), now);

    // Daily on the weekly specification: one report a week (Mondays), the other days skipped.
    const morning = await create("Morning on weekly", weeklySpec, { schedule_type: "daily", schedule_config: { time: "09:00", timezone: "Europe/Berlin" } });
    // Weekdays at 07:00 New York (12:00 UTC) on the daily specification: each makes its day's report.
    const weekdays = await create("Weekdays NY", dailySpec, { schedule_type: "custom", schedule_config: { cron_expression: "0 7 * * 1-5", timezone: "America/New_York" } });
    // Daily 18:00 UTC on the same daily specification, ending after ten days: weekdays skipped (taken at
    // 12:00 UTC), weekends reported, nothing after its end.
    const evening = await create("Evening UTC", dailySpec, {
      schedule_type: "daily",
      schedule_config: { time: "18:00", timezone: "UTC" },
      ends_at: new Date(now.getTime() + 10 * DAY).toISOString(),
    });
    // Paused: no runs.
    const paused = await create("Paused daily", dailySpec, { schedule_type: "daily", schedule_config: { time: "06:30", timezone: "UTC" } });
    await updateSchedule(owner, workspaceId, paused.id, schedulePatchSchema.parse({ status: "paused", paused_note: "On holiday" }), now);

    const calendar = await getScheduleCalendar(owner, workspaceId, { days: 30, now });
    expect(calendar.paused).toEqual([{ schedule_id: paused.id, schedule_name: "Paused daily", paused_until: null }]);
    expect(calendar.entries.some((entry) => entry.schedule_id === paused.id)).toBe(false);
    expect(calendar.truncated).toEqual([]);
    const of = (id: string) => calendar.entries.filter((entry) => entry.schedule_id === id);
    expect(of(morning.id)).toHaveLength(30);
    expect(of(morning.id).filter((entry) => !entry.skipped).map((entry) => new Date(entry.at).getUTCDay())).toEqual([1, 1, 1, 1, 1]);
    expect(of(evening.id)).toHaveLength(10);
    expect(of(evening.id).filter((entry) => !entry.skipped).map((entry) => new Date(entry.at).getUTCDay())).toEqual([6, 0]);
    expect(of(evening.id).find((entry) => entry.skipped)?.skipped_by).toMatch(/^“Weekdays NY” at \d{4}-01-\d\d 07:00 America\/New_York$/);
    expect(of(weekdays.id).every((entry) => !entry.skipped)).toBe(true);
    // In time order, across the schedules.
    expect(calendar.entries.map((entry) => entry.at)).toEqual([...calendar.entries.map((entry) => entry.at)].sort());

    // A stranger sees no calendar of this workspace.
    const stranger = await createUser(db(), { name: "stranger" });
    await expect(getScheduleCalendar(stranger, workspaceId, { now })).rejects.toMatchObject({ code: "not_found" });

    // 30 days of the real tick, one minute after each due slot.
    const running = [morning.id, weekdays.id, evening.id];
    for (;;) {
      const due = Math.min(...(await Promise.all(running.map(async (id) => {
        const row = await scheduleRow(db(), id);
        return row.status === "active" ? row.next_run_at.getTime() : Infinity;
      }))));
      if (due >= end) break;
      await runTick(db(), { now: () => new Date(due + MINUTE), generator: recordOnlyGenerator() });
    }
    const { rows: runs } = await db().query<{ autopilot_schedule_id: string; scheduled_for: Date; status: string }>(
      "select autopilot_schedule_id, scheduled_for, status from newsletter_runs where workspace_id = $1 and trigger = 'autopilot' order by scheduled_for",
      [workspaceId],
    );
    const key = (id: string, at: string | Date) => `${id}|${new Date(at).toISOString()}`;
    const made = runs.filter((run) => run.status === "success").map((run) => key(run.autopilot_schedule_id, run.scheduled_for));
    expect(made.sort()).toEqual(calendar.entries.filter((entry) => !entry.skipped).map((entry) => key(entry.schedule_id, entry.at)).sort());
    const predictedSkips = new Set(calendar.entries.filter((entry) => entry.skipped).map((entry) => key(entry.schedule_id, entry.at)));
    for (const run of runs.filter((r) => r.status === "skipped")) expect(predictedSkips.has(key(run.autopilot_schedule_id, run.scheduled_for))).toBe(true);
    expect(runs.every((run) => run.status === "success" || run.status === "skipped")).toBe(true);
    expect(runs.some((run) => run.autopilot_schedule_id === paused.id)).toBe(false);
    expect((await scheduleRow(db(), evening.id)).status).toBe("completed");
  });
});

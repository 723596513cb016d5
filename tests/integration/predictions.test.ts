/**
 * What a person is told will happen is what happens: two schedules and a Generate on one weekly
 * specification, predicted before any run (list, schedule page, editor preview), then 15 simulated days of
 * the real tick on a fake clock, compared slot by slot with the prediction.
 */
import { expect, it } from "vitest";
import { previewDraftSchedule } from "@/lib/autopilot/schedule-preview";
import { createSchedule, getScheduleView, listScheduleViews } from "@/lib/autopilot/schedules";
import { runTick } from "@/lib/engine/run-tick";
import { scheduleCreateSchema, scheduleListQuerySchema } from "@/lib/validation/schedule";
import { schedulePreviewRequestSchema } from "@/lib/validation/schedule-preview";
import { executeGenerator } from "./helpers/execute-generator";
import { recordOnlyGenerator } from "./helpers/record-only-generator";
import { scheduleRow } from "./helpers/schedules";
import { createStarterTeam } from "./helpers/starter-team";
import { describeEachDatabase } from "./helpers/test-database";
import { aWinterMonday } from "./helpers/winter-monday";

const MINUTE = 60_000;
const DAY = 86_400_000;

describeEachDatabase("predictions hold across every schedule of a specification", (db) => {
  it("two schedules and a Generate on one weekly specification: the preview, the list and the page say which slots are skipped and by whom, and 15 days of ticks run exactly that", async () => {
    const { owner, workspaceId, specId } = await createStarterTeam(db());
    await db().query("update autopilot_schedules set enabled = false where workspace_id = $1", [workspaceId]);
    expect((await db().query<{ frequency: string }>("select frequency from newsletter_specifications where id = $1", [specId])).rows[0].frequency).toBe("weekly");
    const monday = aWinterMonday();
    const end = monday.getTime() + 15 * DAY; // two full weeks after the Generate's, to the third Monday's slot

    // Monday 06:00 UTC: someone presses Generate. That week's report is made.
    await executeGenerator(db(), { workspaceId, specificationId: specId, actor: { kind: "user", id: owner.id, email: owner.email }, trigger: "manual", clock: () => monday });
    const now = new Date(monday.getTime() + MINUTE);
    const create = (name: string, schedule: object) =>
      createSchedule(owner, workspaceId, scheduleCreateSchema.parse({ specification_id: specId, schedule_name: name, ...schedule }), now);
    const wednesday = await create("Wednesday digest", { schedule_type: "weekly", schedule_config: { day_of_week: 2, time: "08:00", timezone: "Europe/Berlin" } });
    const daily = await create("Daily exec briefing", { schedule_type: "daily", schedule_config: { time: "09:00", timezone: "Europe/Berlin" } });

    // The list, before any run: the daily one reports weekly in effect, its next slot is skipped for the
    // Generate, and its next report is next Monday; the Wednesday one makes no report at all.
    const list = (await listScheduleViews(owner, workspaceId, scheduleListQuerySchema.parse({ limit: 50 }), now)).items;
    const inList = (id: string) => list.find((s) => s.id === id)!;
    expect(inList(daily.id)).toMatchObject({
      effective_cadence: "Weekly in effect: one report per week",
      next_slot_skipped_by: `a Generate by ${owner.email} at ${monday.toISOString().slice(0, 10)} 06:00 UTC`,
      next_report_at: new Date(monday.getTime() + 7 * DAY + 2 * 60 * MINUTE), // next Monday 09:00 Berlin
      never_delivers: false,
    });
    expect(inList(wednesday.id)).toMatchObject({ never_delivers: true, next_report_at: null, effective_cadence: null });

    // The Wednesday schedule's page names who makes each of its periods' reports.
    const page = await getScheduleView(owner, workspaceId, wednesday.id, 3, now);
    expect(page.next_runs_skipped).toEqual([true, true, true]);
    expect(page.next_runs_skipped_by![0]).toMatch(/^a Generate by /);
    expect(page.next_runs_skipped_by![1]).toMatch(/^“Daily exec briefing” at \d{4}-01-\d\d 09:00 Europe\/Berlin$/);
    expect(page.never_delivers).toBe(true);

    // The editor, moving the Wednesday digest to Monday 08:00, is told it would then make the report each week
    // after this one, which the Generate has made.
    const moved = await previewDraftSchedule(
      owner,
      schedulePreviewRequestSchema.parse({ schedule_type: "weekly", schedule_config: { day_of_week: 0, time: "08:00", timezone: "Europe/Berlin" }, workspace_id: workspaceId, specification_id: specId, schedule_id: wednesday.id, count: 3 }),
      now,
    );
    expect(moved.skipped).toEqual([true, false, false]);
    expect(moved.skipped_by[0]).toMatch(/^a Generate by /);
    expect(moved.never_delivers).toBe(false);
    const kept = await previewDraftSchedule(
      owner,
      schedulePreviewRequestSchema.parse({ schedule_type: "weekly", schedule_config: { day_of_week: 2, time: "08:00", timezone: "Europe/Berlin" }, workspace_id: workspaceId, specification_id: specId, schedule_id: wednesday.id, count: 3 }),
      now,
    );
    expect(kept.never_delivers).toBe(true);

    // What is predicted for the next 15 days, slot by slot.
    const predicted = new Map<string, boolean>(); // "<schedule>|<slot ISO>" → makes the report
    for (const schedule of [wednesday, daily]) {
      const view = await getScheduleView(owner, workspaceId, schedule.id, 20, now);
      view.next_runs!.forEach((at, i) => {
        if (new Date(at).getTime() < end) predicted.set(`${schedule.id}|${at}`, !view.next_runs_skipped![i]);
      });
    }
    expect([...predicted.values()].filter(Boolean)).toHaveLength(2); // the daily one's two Mondays after the Generate's week
    expect(predicted.size).toBe(2 + 15);

    // 15 days of the real tick, one minute after each due slot.
    for (;;) {
      const due = Math.min(...(await Promise.all([wednesday.id, daily.id].map(async (id) => (await scheduleRow(db(), id)).next_run_at.getTime()))));
      if (due >= end) break;
      await runTick(db(), { now: () => new Date(due + MINUTE), generator: recordOnlyGenerator() });
    }

    const { rows: runs } = await db().query<{ autopilot_schedule_id: string; scheduled_for: Date; status: string; error: string | null }>(
      "select autopilot_schedule_id, scheduled_for, status, error from newsletter_runs where specification_id = $1 and trigger = 'autopilot' order by scheduled_for",
      [specId],
    );
    // Every report made was predicted to be made, and every predicted report was made.
    const made = runs.filter((r) => r.status === "success").map((r) => `${r.autopilot_schedule_id}|${r.scheduled_for.toISOString()}`);
    expect(made.sort()).toEqual([...predicted].filter(([, makes]) => makes).map(([key]) => key).sort());
    // Every slot the engine skipped was predicted skipped (it records the first of a period and moves on).
    for (const skipped of runs.filter((r) => r.status === "skipped")) {
      expect(predicted.get(`${skipped.autopilot_schedule_id}|${skipped.scheduled_for.toISOString()}`)).toBe(false);
      expect(skipped.error).toMatch(/already has its weekly report/);
    }
    expect(runs.every((r) => r.status === "success" || r.status === "skipped")).toBe(true);

    // Afterwards, the Wednesday digest is told which run made its week's report, at that run's time in its
    // schedule's zone (the daily one ran on the third Monday at 09:00 Berlin).
    const after = await getScheduleView(owner, workspaceId, wednesday.id, 2, new Date(end));
    const thirdMonday = new Date(monday.getTime() + 14 * DAY).toISOString().slice(0, 10);
    expect(after.next_runs_skipped_by![0]).toBe(`“Daily exec briefing”, which ran at ${thirdMonday} 09:00 Europe/Berlin`);
  });
});

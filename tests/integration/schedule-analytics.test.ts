/**
 * Workspace analytics from two weeks of the real tick on a fake clock: a schedule that always succeeds and
 * delivers, one that always fails, and one daily schedule on a weekly specification that reports on Mondays
 * (its webhook refuses) and is skipped on Tuesdays (the engine then moves it to the next week). The 30-day window counts both weeks, the 7-day window the second
 * only; per schedule, per day and overall, and in the API's shape.
 */
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { getScheduleAnalytics } from "@/lib/autopilot/schedule-analytics";
import { runTick } from "@/lib/engine/run-tick";
import { analyticsQuerySchema } from "@/lib/validation/analytics";
import { createSchedule } from "@/lib/autopilot/schedules";
import { scheduleCreateSchema } from "@/lib/validation/schedule";
import { appErrorOf as failure } from "./helpers/errors";
import { failingGenerator } from "./helpers/failing-generator";
import { startHttpReceiver } from "./helpers/http-receiver";
import { scheduleRow } from "./helpers/schedules";
import { createStarterTeam } from "./helpers/starter-team";
import { describeEachDatabase } from "./helpers/test-database";
import { createUser } from "./helpers/users";
import { aWinterMonday } from "./helpers/winter-monday";

const MINUTE = 60_000;
const DAY = 86_400_000;

describeEachDatabase("workspace analytics", (db) => {
  let http: Awaited<ReturnType<typeof startHttpReceiver>>;
  beforeAll(async () => {
    http = await startHttpReceiver();
    vi.stubEnv("AUTOPILOT_ALLOW_PRIVATE_ADDRESSES", "1");
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await http?.close();
  });

  it("counts two weeks of runs, deliveries, durations, lateness and skips by reason, in 7- and 30-day windows", async () => {
    const { owner, workspaceId, specId: weeklySpec } = await createStarterTeam(db());
    await db().query("update autopilot_schedules set enabled = false where workspace_id = $1", [workspaceId]);
    const addSpec = async (name: string) =>
      (
        await db().query<{ id: string }>(
          `insert into newsletter_specifications (workspace_id, name, categories, regions, frequency)
           values ($1, $2, '[{"id":"news","name":"News","keywords":[]}]', '["Europe"]', 'daily') returning id`,
          [workspaceId, name],
        )
      ).rows[0].id;
    const wire = await addSpec("Daily wire");
    const ops = await addSpec("Ops");
    const start = aWinterMonday(); // 06:00 UTC
    const create = (name: string, specificationId: string, time: string, extra: object = {}) =>
      createSchedule(owner, workspaceId, scheduleCreateSchema.parse({ specification_id: specificationId, schedule_name: name, schedule_type: "daily", schedule_config: { time, timezone: "UTC" }, ...extra }), start);
    const good = await create("Always delivers", wire, "09:00", { destinations: [{ type: "webhook", url: http.url("/ok"), secret: "0123456789abcdef" }] });
    const broken = await create("Always fails", ops, "11:00", { max_retries: 0 });
    const weekly = await create("Weekly in effect", weeklySpec, "12:00", { destinations: [{ type: "webhook", url: http.url("/refuses"), secret: "0123456789abcdef" }] });
    http.answer("/refuses", 400, 400, 400);

    const end = start.getTime() + 14 * DAY;
    const ids = [good.id, broken.id, weekly.id];
    for (;;) {
      const next = await Promise.all(ids.map(async (id) => ({ id, at: (await scheduleRow(db(), id)).next_run_at.getTime() })));
      const due = next.reduce((a, b) => (b.at < a.at ? b : a));
      if (due.at >= end) break;
      await runTick(db(), { now: () => new Date(due.at + MINUTE), ...(due.id === broken.id ? { generator: failingGenerator } : {}) });
    }
    const now = new Date(end);

    const month = await getScheduleAnalytics(owner, workspaceId, analyticsQuerySchema.parse({ days: "30" }), now);
    expect(month.overall).toMatchObject({
      runs: 32,
      success: 16,
      failed: 14,
      skipped: 2,
      success_rate: 16 / 30,
      deliveries_sent: 14,
      deliveries_failed: 2,
      delivery_rate: 14 / 16,
      median_lateness_ms: MINUTE,
      p95_lateness_ms: MINUTE,
      skipped_by: { period_taken: 2, missed: 0, empty: 0, no_new_content: 0, other: 0 },
    });
    expect(month.overall.median_duration_ms).toBeGreaterThanOrEqual(0);
    const of = (analytics: typeof month, id: string) => analytics.schedules.find((s) => s.schedule_id === id)!;
    expect(of(month, good.id)).toMatchObject({ schedule_name: "Always delivers", runs: 14, success: 14, success_rate: 1, delivery_rate: 1 });
    expect(of(month, broken.id)).toMatchObject({ runs: 14, failed: 14, success_rate: 0, delivery_rate: null });
    // Skipped once a week: the engine then moves it to the next week's first slot.
    expect(of(month, weekly.id)).toMatchObject({ runs: 4, success: 2, skipped: 2, success_rate: 1, deliveries_failed: 2, delivery_rate: 0 });
    // Every day of the window; Mondays with the weekly report, Tuesdays with its skip.
    expect(month.daily).toHaveLength(30);
    const withRuns = month.daily.filter((d) => d.runs > 0);
    expect(withRuns.map((d) => d.runs)).toEqual([3, 3, 2, 2, 2, 2, 2, 3, 3, 2, 2, 2, 2, 2]);
    expect(withRuns.map((d) => new Date(`${d.day}T00:00:00Z`).getUTCDay())).toEqual([1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0]);
    expect(withRuns.map((d) => d.success)).toEqual([2, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1]);
    expect(withRuns[1].skipped_by.period_taken).toBe(1);

    // The last 7 days: the second week from Tuesday (its Monday is 8 days back).
    const week = await getScheduleAnalytics(owner, workspaceId, analyticsQuerySchema.parse({ days: "7" }), now);
    expect(week.daily.map((d) => d.day)).toEqual(Array.from({ length: 7 }, (_, i) => new Date(start.getTime() + (8 + i) * DAY).toISOString().slice(0, 10)));
    expect(week.overall).toMatchObject({ runs: 13, success: 6, failed: 6, skipped: 1, deliveries_sent: 6, deliveries_failed: 0 });
    expect(of(week, weekly.id)).toMatchObject({ runs: 1, success: 0, skipped: 1, success_rate: null });

    // One schedule alone.
    const one = await getScheduleAnalytics(owner, workspaceId, analyticsQuerySchema.parse({ days: "90", schedule_id: weekly.id }), now);
    expect(one.schedules.map((s) => s.schedule_id)).toEqual([weekly.id]);
    expect(one.overall).toMatchObject({ runs: 4, success: 2, skipped: 2 });

    // Bad input names its field; other workspaces stay out of reach.
    expect(() => analyticsQuerySchema.parse({ days: "14" })).toThrow(/days must be 7, 30 or 90/);
    const stranger = await createUser(db(), { name: "stranger" });
    expect(await failure(getScheduleAnalytics(stranger, workspaceId, analyticsQuerySchema.parse({}), now))).toMatchObject({ code: "not_found" });
    const other = await createStarterTeam(db());
    expect(await failure(getScheduleAnalytics(other.owner, other.workspaceId, analyticsQuerySchema.parse({ schedule_id: weekly.id }), now))).toMatchObject({
      code: "validation_failed",
      fields: { schedule_id: expect.any(String) },
    });
  });
});

import { expect, it } from "vitest";
import { getScheduleView, listScheduleRuns, listScheduleViews } from "@/lib/autopilot/schedules";
import { startTestRun } from "@/lib/autopilot/test-run";
import { runTick } from "@/lib/engine/run-tick";
import { runListQuerySchema } from "@/lib/validation/run";
import { scheduleListQuerySchema } from "@/lib/validation/schedule";
import { createStarterWorkspace } from "@/lib/workspaces/starter-workspace";
import { recordOnlyGenerator } from "./helpers/record-only-generator";
import { createDailySchedule, scheduleRow } from "./helpers/schedules";
import { describeEachDatabase } from "./helpers/test-database";
import { createUser } from "./helpers/users";

describeEachDatabase("a schedule's counters add up to its history", (db) => {
  it("counts scheduled runs by outcome (skips included) and test runs apart, across two days, in the details and the list", async () => {
    const owner = await createUser(db(), { name: "counter" });
    const workspaceId = (await createStarterWorkspace(db(), owner)).id;
    const specId = (await db().query<{ id: string }>("select id from newsletter_specifications where workspace_id = $1", [workspaceId])).rows[0].id;
    // Daily on the weekly sample specification: the first slot reports, the next day's is skipped by the frequency rule.
    const schedule = await createDailySchedule(owner, workspaceId, specId, { cadence_override: null });
    const fresh = await getScheduleView(owner, workspaceId, schedule.id);
    expect(fresh.run_counts).toEqual({ scheduled: 0, succeeded: 0, failed: 0, skipped: 0, running: 0, test_runs: 0, last_run: null });

    for (let day = 0; day < 2; day++) {
      const at = new Date((await scheduleRow(db(), schedule.id)).next_run_at.getTime() + 60_000);
      await runTick(db(), { now: () => at, generator: recordOnlyGenerator() });
    }
    for (let i = 0; i < 2; i++) await (await startTestRun(owner, workspaceId, schedule.id)).complete();

    const view = await getScheduleView(owner, workspaceId, schedule.id);
    expect(view.run_counts).toMatchObject({ scheduled: 2, succeeded: 1, failed: 0, skipped: 1, running: 0, test_runs: 2, last_run: { trigger: "test", status: "success" } });
    const history = await listScheduleRuns(owner, workspaceId, schedule.id, runListQuerySchema.parse({}));
    expect(history.total).toBe(view.run_counts!.scheduled + view.run_counts!.test_runs);
    expect(history.items.filter((run) => run.trigger !== "test").map((run) => run.status).sort()).toEqual(["skipped", "success"]);

    const list = await listScheduleViews(owner, workspaceId, scheduleListQuerySchema.parse({}));
    expect(list.items.find((item) => item.id === schedule.id)?.run_counts).toEqual(view.run_counts);
  });
});

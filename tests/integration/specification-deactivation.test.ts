import { expect, it } from "vitest";
import { explainStatus } from "@/lib/autopilot/status-explanation";
import { loadScheduleDetails } from "@/lib/autopilot/schedules";
import { updateSpecification } from "@/lib/specifications/specifications";
import { runListQuerySchema } from "@/lib/validation/run";
import { createStarterWorkspace } from "@/lib/workspaces/starter-workspace";
import { createDailySchedule } from "./helpers/schedules";
import { describeEachDatabase } from "./helpers/test-database";
import { createUser } from "./helpers/users";

describeEachDatabase("deactivating a specification stops its schedules visibly, at once", (db) => {
  it("says Stopped before any tick, shows no next runs, and records when, why and who in each schedule's activity", async () => {
    const owner = await createUser(db(), { name: "deactivator" });
    const workspaceId = (await createStarterWorkspace(db(), owner)).id;
    const specId = (await db().query<{ id: string }>("select id from newsletter_specifications where workspace_id = $1", [workspaceId])).rows[0].id;
    const morning = await createDailySchedule(owner, workspaceId, specId, { schedule_name: "Morning" });
    const evening = await createDailySchedule(owner, workspaceId, specId, { schedule_name: "Evening" });
    const details = (id: string) => loadScheduleDetails(owner, workspaceId, id, runListQuerySchema.parse({}));

    expect(explainStatus((await details(morning.id)).schedule).title).toBe("Active");
    await updateSpecification(owner, workspaceId, specId, { status: "inactive" });

    for (const { id } of [morning, evening]) {
      const { schedule, activity } = await details(id);
      expect(explainStatus(schedule)).toMatchObject({ tone: "error", title: "Stopped: its specification is inactive" });
      expect(schedule.next_runs).toEqual([]);
      expect(activity[0]).toMatchObject({ what: "Stopped: the specification “Weekly Tech Briefing” was deactivated", who: owner.email, tone: "warning" });
      expect(Date.now() - new Date(activity[0].at).getTime()).toBeLessThan(60_000);
      expect(activity.at(-1)).toMatchObject({ what: "Created" });
    }

    // No tick ran meanwhile, so nothing parked it: with the specification active again, the schedule is too.
    await updateSpecification(owner, workspaceId, specId, { status: "active" });
    expect(explainStatus((await details(morning.id)).schedule).title).toBe("Active");
    expect((await details(morning.id)).activity.filter((line) => line.what.startsWith("Stopped"))).toHaveLength(1);
  });
});

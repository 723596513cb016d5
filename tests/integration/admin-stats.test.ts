import { beforeAll, expect, it } from "vitest";
import { getAdminStats } from "@/lib/admin/admin-stats";
import { runTick } from "@/lib/engine/run-tick";
import { createSchedule } from "@/lib/autopilot/schedules";
import type { Actor } from "@/lib/db/transactions";
import { AppError } from "@/lib/errors/app-error";
import { scheduleCreateSchema } from "@/lib/validation/schedule";
import { createStarterWorkspace } from "@/lib/workspaces/starter-workspace";
import { makeDue } from "./helpers/schedules";
import { failingGenerator } from "./helpers/failing-generator";
import { describeEachDatabase } from "./helpers/test-database";
import { createUser } from "./helpers/users";

describeEachDatabase("the admin dashboard's figures", (db) => {
  let admin: Actor, user: Actor, workspaceId: string, specId: string;

  beforeAll(async () => {
    admin = await createUser(db(), { name: "admin", admin: true });
    user = await createUser(db(), { name: "user" });
    workspaceId = (await createStarterWorkspace(db(), user)).id;
    specId = (await db().query<{ id: string }>("select id from newsletter_specifications where workspace_id = $1", [workspaceId])).rows[0].id;
  });

  it("are for platform admins only", async () => {
    await expect(getAdminStats(user)).rejects.toBeInstanceOf(AppError);
  });

  it("count schedules, success rates, overdue schedules and failures across workspaces, and change after runs", async () => {
    const make = (name: string) =>
      createSchedule(user, workspaceId, scheduleCreateSchema.parse({
        specification_id: specId, schedule_name: name, schedule_type: "daily", schedule_config: { time: "09:00" }, cadence_override: "daily",
      }));
    const ok = await make("Works");
    const broken = await make("Breaks");
    const late = await make("Late");
    const before = await getAdminStats(admin);
    expect(before.schedules).toMatchObject({ active: 3, error: 0, paused: 0, total: 3 });
    expect(before.success_rate).toEqual({ last_7_days: null, last_30_days: null, runs_7_days: 0, runs_30_days: 0 });
    expect(before.next_runs.map((s) => s.schedule_name).sort()).toEqual(["Breaks", "Late", "Works"]);

    await makeDue(db(), ok.id);
    await runTick(db());
    await makeDue(db(), broken.id);
    await runTick(db(), { generator: failingGenerator });
    await makeDue(db(), late.id, 2 * 24 * 60); // two days late, not yet run

    const after = await getAdminStats(admin);
    expect(after.success_rate).toEqual({ last_7_days: 0.5, last_30_days: 0.5, runs_7_days: 2, runs_30_days: 2 });
    expect(after.overdue.map((s) => s.schedule_name)).toEqual(["Late"]);
    expect(after.recent_failures[0]).toMatchObject({ schedule_name: "Breaks", error: expect.stringMatching(/Invalid time zone/) });
  });
});

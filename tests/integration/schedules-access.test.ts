import { afterEach, beforeAll, expect, it } from "vitest";
import {
  createSchedule,
  deleteSchedule,
  getScheduleView,
  listScheduleRuns,
  listScheduleViews,
  updateSchedule,
  type ScheduleView,
} from "@/lib/autopilot/schedules";
import { startTestRun } from "@/lib/autopilot/test-run";
import { TIMED_OUT } from "@/lib/engine/recover-overdue-runs";
import type { Actor } from "@/lib/db/transactions";
import { AppError } from "@/lib/errors/app-error";
import { httpStatusOf } from "@/lib/http/error-status";
import { createSpecification } from "@/lib/specifications/specifications";
import { scheduleCreateSchema, scheduleListQuerySchema, schedulePatchSchema } from "@/lib/validation/schedule";
import { specificationSchema } from "@/lib/validation/specification";
import { createStarterWorkspace } from "@/lib/workspaces/starter-workspace";
import { joinWorkspace } from "./helpers/members";
import { runsOf, scheduleRow } from "./helpers/schedules";
import { describeEachDatabase } from "./helpers/test-database";
import { createUser } from "./helpers/users";

async function outcome(work: Promise<unknown>): Promise<string> {
  try {
    await work;
    return "ok";
  } catch (error) {
    if (error instanceof AppError) return String(httpStatusOf(error));
    throw error;
  }
}

const query = (extra: Record<string, string> = {}) => scheduleListQuerySchema.parse(extra);

describeEachDatabase("schedules: access, validation and test runs", (db) => {
  let owner: Actor, creator: Actor, member: Actor, outsider: Actor, admin: Actor;
  let workspaceId: string, specId: string, schedule: ScheduleView;
  const input = (extra: Record<string, unknown> = {}) =>
    scheduleCreateSchema.parse({
      specification_id: specId,
      schedule_name: "Weekly digest",
      schedule_type: "weekly",
      schedule_config: { day_of_week: 0, time: "09:00", timezone: "America/New_York" },
      ...extra,
    });

  beforeAll(async () => {
    owner = await createUser(db(), { name: "owner" });
    creator = await createUser(db(), { name: "creator" });
    member = await createUser(db(), { name: "member" });
    outsider = await createUser(db(), { name: "outsider" });
    admin = await createUser(db(), { name: "admin", admin: true });
    workspaceId = (await createStarterWorkspace(db(), owner)).id;
    await createStarterWorkspace(db(), outsider);
    await joinWorkspace(owner, workspaceId, creator);
    await joinWorkspace(owner, workspaceId, member);
    specId = (await db().query<{ id: string }>("select id from newsletter_specifications where workspace_id = $1", [workspaceId])).rows[0].id;
    schedule = await createSchedule(creator, workspaceId, input());
  });

  afterEach(() => {
    delete process.env.AUTOPILOT_MAX_SCHEDULES_PER_WORKSPACE;
  });

  it("creating computes next_run_at from the schedule, in its zone, and describes it", async () => {
    expect(schedule.description).toBe("Every Monday at 09:00 (America/New_York)");
    expect(schedule.next_run_at.getTime()).toBeGreaterThan(Date.now());
    const local = new Intl.DateTimeFormat("en-US", { timeZone: "America/New_York", weekday: "long", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(schedule.next_run_at);
    expect(local).toBe("Monday 09:00");
    expect(schedule).toMatchObject({ created_by: creator.email, enabled: true, status: "active", run_count: 0 });
    const view = await getScheduleView(creator, workspaceId, schedule.id);
    expect(view.next_runs).toHaveLength(5);
    expect(view.next_runs![0]).toBe(schedule.next_run_at.toISOString());
  });

  it("the access matrix: members list and create; only the creator or an owner changes; admins read; others get 404", async () => {
    const patch = schedulePatchSchema.parse({ notes: "x" });
    const matrix = {
      list: await Promise.all([creator, member, owner, admin, outsider].map((a) => outcome(listScheduleViews(a, workspaceId, query())))),
      get: await Promise.all([creator, member, owner, admin, outsider].map((a) => outcome(getScheduleView(a, workspaceId, schedule.id)))),
      update: await Promise.all([member, admin, outsider, creator, owner].map((a) => outcome(updateSchedule(a, workspaceId, schedule.id, patch)))),
      runs: await Promise.all([member, admin, outsider].map((a) => outcome(listScheduleRuns(a, workspaceId, schedule.id, { limit: 10, offset: 0 })))),
      testRun: await Promise.all([member, admin, outsider].map((a) => outcome(startTestRun(a, workspaceId, schedule.id)))),
      delete: await Promise.all([member, admin, outsider].map((a) => outcome(deleteSchedule(a, workspaceId, schedule.id)))),
      createByMember: await outcome(createSchedule(member, workspaceId, input({ schedule_name: "member's" }))),
      createByAdmin: await outcome(createSchedule(admin, workspaceId, input({ schedule_name: "admin's" }))),
      createByOutsider: await outcome(createSchedule(outsider, workspaceId, input({ schedule_name: "outsider's" }))),
    };
    expect(matrix).toEqual({
      list: ["ok", "ok", "ok", "ok", "404"],
      get: ["ok", "ok", "ok", "ok", "404"],
      update: ["403", "403", "404", "ok", "ok"],
      runs: ["ok", "ok", "404"],
      testRun: ["403", "403", "404"],
      delete: ["403", "403", "404"],
      createByMember: "ok",
      createByAdmin: "403",
      createByOutsider: "404",
    });
    const listed = await listScheduleViews(member, workspaceId, query({ q: "Weekly" }));
    expect(listed.items.find((s) => s.id === schedule.id)?.can_manage).toBe(false);
    expect((await listScheduleViews(owner, workspaceId, query({ q: "Weekly" }))).items[0].can_manage).toBe(true);
  });

  it("refuses bad schedules with the field named, writing nothing", async () => {
    const before = (await listScheduleViews(owner, workspaceId, query())).total;
    const inactive = await createSpecification(
      owner,
      workspaceId,
      specificationSchema.parse({ name: "Off", categories: [{ id: "a", name: "A" }], regions: ["X"], frequency: "daily", status: "inactive" }),
    );
    const cases = [
      createSchedule(owner, workspaceId, input({ specification_id: inactive.id })),
      createSchedule(owner, workspaceId, input({ categories_override: ["nope"] })),
      createSchedule(owner, workspaceId, input({ regions_override: ["Atlantis"] })),
      createSchedule(owner, workspaceId, input({ specification_id: "00000000-0000-4000-8000-000000000000" })),
    ];
    const errors = await Promise.all(cases.map((c) => c.then(() => null, (e: AppError) => [httpStatusOf(e), Object.keys(e.fields ?? {})])));
    expect(errors).toEqual([
      [409, ["specification_id"]],
      [400, ["categories_override"]],
      [400, ["regions_override"]],
      [404, ["specification_id"]],
    ]);
    expect(scheduleCreateSchema.safeParse({ ...input(), cadence_override: "hourly" }).error?.issues[0].path).toEqual(["cadence_override"]);
    const badPatch = await updateSchedule(owner, workspaceId, schedule.id, schedulePatchSchema.parse({ schedule_config: { time: "25:00" } })).catch((e: AppError) => e);
    expect((badPatch as AppError).fields).toEqual({ "schedule_config.time": expect.stringMatching(/00:00 to 23:59/) });
    expect((await listScheduleViews(owner, workspaceId, query())).total).toBe(before);
  });

  it("editing the cadence moves next_run_at; disabling and enabling are audited", async () => {
    const daily = await updateSchedule(creator, workspaceId, schedule.id, schedulePatchSchema.parse({ schedule_type: "daily", schedule_config: { time: "06:30", timezone: "UTC" } }));
    expect(daily.description).toBe("Every day at 06:30 (UTC)");
    expect(daily.next_run_at.toISOString()).toMatch(/T06:30:00\.000Z$/);
    expect(daily.next_run_at.getTime() - Date.now()).toBeLessThanOrEqual(86_400_000);
    const disabled = await updateSchedule(creator, workspaceId, schedule.id, { enabled: false });
    expect(disabled.enabled).toBe(false);
    const enabled = await updateSchedule(creator, workspaceId, schedule.id, { enabled: true });
    expect(enabled.enabled).toBe(true);
    const { rows } = await db().query<{ action: string; actor_email: string }>(
      "select action, actor_email from audit_log where entity_id = $1 order by id",
      [schedule.id],
    );
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(["schedule.create", "schedule.update", "schedule.disable", "schedule.enable"]));
    expect(rows.find((r) => r.action === "schedule.disable")?.actor_email).toBe(creator.email);
  });

  it("a test run runs now, does not move next_run_at, and a second one while it runs is 409", async () => {
    const before = await scheduleRow(db(), schedule.id);
    const { run, complete } = await startTestRun(creator, workspaceId, schedule.id);
    expect(run).toMatchObject({ trigger: "test", status: "running", autopilot_schedule_id: schedule.id });
    expect(await outcome(startTestRun(owner, workspaceId, schedule.id))).toBe("409");
    const finished = await complete();
    expect(finished.status).toBe("success");
    const after = await scheduleRow(db(), schedule.id);
    expect(after.next_run_at.getTime()).toBe(before.next_run_at.getTime());
    expect(after.run_count).toBe(before.run_count);
    expect((await runsOf(db(), schedule.id)).map((r) => r.trigger)).toEqual(["test"]);
    const history = await listScheduleRuns(member, workspaceId, schedule.id, { limit: 10, offset: 0 });
    expect(history.items.map((r) => r.id)).toEqual([run.id]);
    // Once it finished, another test run may start.
    const again = await startTestRun(owner, workspaceId, schedule.id);
    await again.complete();
  });

  it("a test run whose process died is failed \"timed out\" after its deadline, and the next Test run is accepted", async () => {
    process.env.AUTOPILOT_RUN_TIMEOUT_SECONDS = "1";
    try {
      // The process that would complete it dies: `complete` is never called.
      const { run: orphan } = await startTestRun(creator, workspaceId, schedule.id);
      expect(orphan.deadline_at!.getTime() - orphan.started_at!.getTime()).toBe(1000);
      expect(await outcome(startTestRun(owner, workspaceId, schedule.id))).toBe("409");
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const next = await startTestRun(owner, workspaceId, schedule.id);
      expect(next.run.status).toBe("running");
      const { rows } = await db().query<{ status: string; error: string }>("select status, error from newsletter_runs where id = $1", [orphan.id]);
      expect(rows[0]).toEqual({ status: "failed", error: TIMED_OUT });
      expect((await next.complete()).status).toBe("success");
      const trail = await db().query<{ action: string }>("select action from audit_log where entity_id = $1 and action = 'run.timeout'", [schedule.id]);
      expect(trail.rows).toHaveLength(1);
    } finally {
      delete process.env.AUTOPILOT_RUN_TIMEOUT_SECONDS;
    }
  });

  it("lists with filters, search, sorting and pagination", async () => {
    for (const name of ["Alpha", "Bravo", "Charlie"]) await createSchedule(owner, workspaceId, input({ schedule_name: `Sort ${name}` }));
    const page = await listScheduleViews(owner, workspaceId, query({ q: "Sort", sort: "schedule_name", order: "desc", limit: "2" }));
    expect(page.total).toBe(3);
    expect(page.items.map((s) => s.schedule_name)).toEqual(["Sort Charlie", "Sort Bravo"]);
    const next = await listScheduleViews(owner, workspaceId, query({ q: "Sort", sort: "schedule_name", order: "desc", limit: "2", offset: "2" }));
    expect(next.items.map((s) => s.schedule_name)).toEqual(["Sort Alpha"]);
    await updateSchedule(owner, workspaceId, page.items[0].id, { enabled: false });
    expect((await listScheduleViews(owner, workspaceId, query({ q: "Sort", enabled: "false" }))).items.map((s) => s.schedule_name)).toEqual(["Sort Charlie"]);
    expect((await listScheduleViews(owner, workspaceId, query({ status: "error" }))).total).toBe(0);
    expect((await listScheduleViews(owner, workspaceId, query({ q: "%" }))).total).toBe(0); // LIKE wildcards are literal
  });

  it("a workspace holds at most AUTOPILOT_MAX_SCHEDULES_PER_WORKSPACE schedules", async () => {
    const count = (await listScheduleViews(owner, workspaceId, query())).total;
    process.env.AUTOPILOT_MAX_SCHEDULES_PER_WORKSPACE = String(count);
    const refused = await createSchedule(owner, workspaceId, input({ schedule_name: "one too many" })).catch((e: AppError) => e);
    expect(httpStatusOf(refused as AppError)).toBe(409);
    expect((refused as AppError).message).toMatch(new RegExp(`at most ${count} schedules`));
  });

  it("deleting keeps the run history (the runs lose their schedule link) and the audit trail", async () => {
    const target = await createSchedule(owner, workspaceId, input({ schedule_name: "To delete" }));
    const { complete } = await startTestRun(owner, workspaceId, target.id);
    const run = await complete();
    await deleteSchedule(owner, workspaceId, target.id);
    expect(await outcome(getScheduleView(owner, workspaceId, target.id))).toBe("404");
    const { rows } = await db().query<{ autopilot_schedule_id: string | null }>("select autopilot_schedule_id from newsletter_runs where id = $1", [run.id]);
    expect(rows).toEqual([{ autopilot_schedule_id: null }]);
    const trail = await db().query<{ action: string }>("select action from audit_log where entity_id = $1 order by id", [target.id]);
    expect(trail.rows.map((r) => r.action)).toEqual(["schedule.create", "schedule.test_run", "schedule.delete"]);
  });
});

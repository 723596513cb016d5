/**
 * Templates: the built-in gallery, owners saving a schedule as a workspace template (no zone, no secrets),
 * who may save, use and delete one, and a schedule started from a template running through the real tick in
 * the person's own zone for two weeks.
 */
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { BUILT_IN_TEMPLATES } from "@/lib/autopilot/built-in-templates";
import { deleteScheduleTemplate, getScheduleTemplate, listScheduleTemplates, saveScheduleAsTemplate } from "@/lib/autopilot/schedule-templates";
import { createSchedule, getScheduleView } from "@/lib/autopilot/schedules";
import { templateSchedule } from "@/lib/autopilot/template-schedule";
import type { Actor } from "@/lib/db/transactions";
import { runTick } from "@/lib/engine/run-tick";
import { scheduleCreateSchema } from "@/lib/validation/schedule";
import { templateCreateSchema } from "@/lib/validation/schedule-template";
import { parseInput } from "@/lib/validation/zod-error";
import { appErrorOf as failure } from "./helpers/errors";
import { recordOnlyGenerator } from "./helpers/record-only-generator";
import { createDailySchedule, runsOf, scheduleRow } from "./helpers/schedules";
import { createStarterTeam, createTeamWithMember } from "./helpers/starter-team";
import { describeEachDatabase } from "./helpers/test-database";
import { aWinterMonday } from "./helpers/winter-monday";

const MINUTE = 60_000;
const DAY = 86_400_000;

describeEachDatabase("schedule templates", (db) => {
  let owner: Actor, member: Actor, stranger: Actor, workspaceId: string, specId: string;

  beforeAll(async () => {
    vi.stubEnv("AUTOPILOT_ALLOW_PRIVATE_ADDRESSES", "1");
    ({ owner, member, workspaceId, specId } = await createTeamWithMember(db()));
    ({ owner: stranger } = await createStarterTeam(db(), { name: "stranger" }));
    await db().query("update autopilot_schedules set enabled = false where workspace_id = $1", [workspaceId]);
  });
  afterAll(() => vi.unstubAllEnvs());

  const templateCount = async () => (await db().query<{ n: number }>("select count(*)::int as n from autopilot_schedule_templates where workspace_id = $1", [workspaceId])).rows[0].n;

  it("every member sees the four built-in templates; a stranger sees none of the workspace's", async () => {
    const gallery = await listScheduleTemplates(member, workspaceId);
    expect(gallery.built_in.map((t) => t.name)).toEqual(["Weekday morning briefing", "Monday weekly digest", "Month-end summary", "First business day of the month"]);
    expect(gallery.can_manage).toBe(false);
    expect((await listScheduleTemplates(owner, workspaceId)).can_manage).toBe(true);
    expect(await failure(listScheduleTemplates(stranger, workspaceId))).toMatchObject({ code: "not_found" });
    expect((await getScheduleTemplate(member, workspaceId, "first-business-day")).settings).toMatchObject({
      schedule_type: "custom",
      schedule_config: { cron_expression: "0 9 1W * *" },
      cadence_override: "monthly",
      email_viewer: true,
    });
    expect(await failure(getScheduleTemplate(member, workspaceId, "no-such-template"))).toMatchObject({ code: "not_found" });
  });

  it("an owner saves a schedule as a template: timing without its zone, policies, recipients; secrets left out and named", async () => {
    const schedule = await createDailySchedule(owner, workspaceId, specId, {
      schedule_name: "Berlin evening",
      schedule_type: "custom",
      schedule_config: { cron_expression: "30 18 * * 1,3,5", timezone: "Europe/Berlin" },
      cadence_override: "daily",
      notes: "For the night desk",
      max_retries: 4,
      skip_when_empty: true,
      retention_days: 60,
      enabled: false,
      destinations: [
        { type: "email", to: ["desk@example.com", "ana@example.com"] },
        { type: "slack", webhook_url: "https://hooks.slack.com/services/T0/B0/XXXXsecretXXXX" },
        { type: "webhook", url: "https://example.com/hook", secret: "0123456789abcdef" },
      ],
    });
    const { template, left_out } = await saveScheduleAsTemplate(owner, workspaceId, parseInput(templateCreateSchema, { schedule_id: schedule.id, name: "Night desk", description: "Three evenings a week" }));
    expect(template).toMatchObject({
      name: "Night desk",
      description: "Three evenings a week",
      built_in: false,
      settings: {
        schedule_type: "custom",
        schedule_config: { cron_expression: "30 18 * * 1,3,5" },
        cadence_override: "daily",
        notes: "For the night desk",
        email_to: expect.arrayContaining(["desk@example.com", "ana@example.com"]),
        email_viewer: false,
        policy: { max_retries: 4, skip_when_empty: true, retention_days: 60, only_when_new: false },
      },
    });
    expect(template.settings.schedule_config).not.toHaveProperty("timezone");
    expect(left_out).toHaveLength(2);
    const stored = JSON.stringify((await db().query("select * from autopilot_schedule_templates where id = $1", [template.id])).rows[0]);
    expect(stored).not.toContain("XXXXsecretXXXX");
    expect(stored).not.toContain("0123456789abcdef");
    expect(stored).not.toContain("example.com/hook");
    expect((await listScheduleTemplates(member, workspaceId)).workspace.map((t) => t.name)).toEqual(["Night desk"]);

    // The same name in any case is refused, naming the field; nothing is written.
    const before = await templateCount();
    expect(await failure(saveScheduleAsTemplate(owner, workspaceId, parseInput(templateCreateSchema, { schedule_id: schedule.id, name: "NIGHT DESK" })))).toMatchObject({
      code: "conflict",
      fields: { name: expect.stringContaining("already") },
    });
    // A member may not save one; a stranger does not find the workspace; another workspace's schedule is refused.
    expect(await failure(saveScheduleAsTemplate(member, workspaceId, parseInput(templateCreateSchema, { schedule_id: schedule.id, name: "Mine" })))).toMatchObject({ code: "forbidden" });
    expect(await failure(saveScheduleAsTemplate(stranger, workspaceId, parseInput(templateCreateSchema, { schedule_id: schedule.id, name: "Theirs" })))).toMatchObject({ code: "not_found" });
    const strangersWs = (await db().query<{ id: string }>("select workspace_id as id from workspace_members where user_id = $1", [stranger.id])).rows[0].id;
    expect(await failure(saveScheduleAsTemplate(stranger, strangersWs, parseInput(templateCreateSchema, { schedule_id: schedule.id, name: "Stolen" })))).toMatchObject({
      code: "validation_failed",
      fields: { schedule_id: expect.any(String) },
    });
    expect(() => parseInput(templateCreateSchema, { schedule_id: schedule.id, name: " " })).toThrow(/name is required/);
    expect(() => parseInput(templateCreateSchema, { schedule_id: "nope", name: "x" })).toThrow(/schedule_id/);
    expect(await templateCount()).toBe(before);

    // A member may not delete it; the owner may, and schedules made from it stay.
    expect(await failure(deleteScheduleTemplate(member, workspaceId, template.id))).toMatchObject({ code: "forbidden" });
    await deleteScheduleTemplate(owner, workspaceId, template.id);
    expect(await failure(getScheduleTemplate(member, workspaceId, template.id))).toMatchObject({ code: "not_found" });
    expect((await getScheduleView(owner, workspaceId, schedule.id)).schedule_name).toBe("Berlin evening");
  });

  it("a stored template that no longer validates is not offered (a row written around the app prefills nothing)", async () => {
    await db().query(
      `insert into autopilot_schedule_templates (workspace_id, name, settings, created_by) values ($1, 'Broken', '{"schedule_type":"custom","schedule_config":{"cron_expression":"* * * * *"},"policy":{}}', $2)`,
      [workspaceId, owner.id],
    );
    expect((await listScheduleTemplates(owner, workspaceId)).workspace.map((t) => t.name)).not.toContain("Broken");
  });

  it("a schedule from the weekday briefing runs Monday to Friday at 08:00 in the person's zone, two weeks through the real tick", async () => {
    const briefing = BUILT_IN_TEMPLATES.find((t) => t.id === "weekday-briefing")!;
    const start = aWinterMonday(); // 06:00 UTC
    const zone = "America/New_York";
    const created = await createSchedule(
      member,
      workspaceId,
      scheduleCreateSchema.parse({
        specification_id: specId,
        schedule_name: "Briefing",
        ...templateSchedule(briefing.settings, zone),
        cadence_override: briefing.settings.cadence_override,
        ...briefing.settings.policy,
        only_when_new: false,
        destinations: [{ type: "email", to: [member.email] }],
      }),
      start,
    );
    const end = start.getTime() + 14 * DAY;
    for (;;) {
      const due = (await scheduleRow(db(), created.id)).next_run_at.getTime();
      if (due >= end) break;
      await runTick(db(), { now: () => new Date(due + MINUTE), generator: recordOnlyGenerator() });
    }
    const runs = await runsOf(db(), created.id);
    // Ten weekdays; 08:00 New York is 13:00 UTC in winter.
    expect(runs.map((run) => run.status)).toEqual(Array(10).fill("success"));
    expect(runs.map((run) => run.scheduled_for!.getUTCDay())).toEqual([1, 2, 3, 4, 5, 1, 2, 3, 4, 5]);
    expect(runs.every((run) => run.scheduled_for!.getUTCHours() === 13 && run.scheduled_for!.getUTCMinutes() === 0)).toBe(true);
  });
});

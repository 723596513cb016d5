/**
 * Schedules as code: export a workspace's schedules, import them into an empty workspace (dry run first, then
 * all at once) and get the same schedules back; an edited document updates only what differs; a bad entry
 * refuses the whole document, naming its place, and writes nothing.
 */
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { exportSchedules, importSchedules } from "@/lib/autopilot/schedules-as-code";
import { updateSchedule } from "@/lib/autopilot/schedules";
import type { Actor } from "@/lib/db/transactions";
import { scheduleDocumentSchema } from "@/lib/validation/schedule-document";
import { schedulePatchSchema } from "@/lib/validation/schedule";
import { createStarterWorkspace } from "@/lib/workspaces/starter-workspace";
import { appErrorOf as failure } from "./helpers/errors";
import { joinWorkspace } from "./helpers/members";
import { createDailySchedule } from "./helpers/schedules";
import { describeEachDatabase } from "./helpers/test-database";
import { createUser } from "./helpers/users";

type Document = Awaited<ReturnType<typeof exportSchedules>>;

describeEachDatabase("schedules as code", (db) => {
  let owner: Actor, member: Actor, stranger: Actor, source: string, target: string;

  async function addDailyWire(workspaceId: string) {
    await db().query(
      `insert into newsletter_specifications (workspace_id, name, categories, regions, frequency)
       values ($1, 'Daily wire', '[{"id":"news","name":"News","keywords":[]},{"id":"sport","name":"Sport","keywords":[]}]', '["Europe","Asia"]', 'daily')`,
      [workspaceId],
    );
  }
  const specId = async (workspaceId: string, name: string) =>
    (await db().query<{ id: string }>("select id from newsletter_specifications where workspace_id = $1 and name = $2", [workspaceId, name])).rows[0].id;
  const count = async (workspaceId: string) => (await db().query<{ n: number }>("select count(*)::int as n from autopilot_schedules where workspace_id = $1", [workspaceId])).rows[0].n;
  const parse = (document: unknown) => scheduleDocumentSchema.parse(document);
  const withoutDate = (document: Document) => ({ ...document, exported_at: undefined });

  beforeAll(async () => {
    vi.stubEnv("AUTOPILOT_ALLOW_PRIVATE_ADDRESSES", "1");
    owner = await createUser(db(), { name: "owner" });
    member = await createUser(db(), { name: "member" });
    stranger = await createUser(db(), { name: "stranger" });
    source = (await createStarterWorkspace(db(), owner)).id;
    target = (await createStarterWorkspace(db(), owner)).id;
    await createStarterWorkspace(db(), stranger);
    await joinWorkspace(owner, target, member);
    for (const ws of [source, target]) await addDailyWire(ws);
    await db().query("delete from autopilot_schedules where workspace_id = any($1::uuid[])", [[source, target]]);

    const weekly = await specId(source, "Weekly Tech Briefing");
    const daily = await specId(source, "Daily wire");
    await createDailySchedule(owner, source, weekly, {
      schedule_name: "Monday digest",
      schedule_type: "weekly",
      schedule_config: { day_of_week: 0, time: "07:30", timezone: "America/New_York" },
      cadence_override: null,
      max_retries: 4,
      destinations: [
        { type: "email", to: ["desk@example.com", "ana@example.com"] },
        { type: "slack", webhook_url: "https://hooks.slack.com/services/T0/B0/XXXXsecretXXXX" },
      ],
    });
    await createDailySchedule(owner, source, daily, {
      schedule_name: "Month opener",
      schedule_type: "custom",
      schedule_config: { cron_expression: "0 9 1W * *", timezone: "Europe/Berlin" },
      cadence_override: "monthly",
      categories_override: ["news"],
      regions_override: ["Asia"],
      only_when_new: true,
      retention_days: 400,
      pause_after_failures: 3,
      editor_summary: true,
      starts_at: "2027-01-01T00:00:00Z",
      ends_at: "2028-12-31T23:00:00Z",
    });
    const digest = (await db().query<{ id: string }>("select id from autopilot_schedules where workspace_id = $1 and schedule_name = 'Monday digest'", [source])).rows[0].id;
    // Runs after the digest: exported after it, though its name comes first.
    await createDailySchedule(owner, source, daily, { schedule_name: "Aftermath", depends_on_schedule_id: digest, wait_minutes: 45 });
    await createDailySchedule(owner, source, daily, {
      schedule_name: "Evening wire",
      schedule_config: { time: "18:00", timezone: "Asia/Tokyo" },
      enabled: false,
      notes: "Switched off over the holidays",
    });
  });
  afterAll(() => vi.unstubAllEnvs());

  it("exports every schedule with its specification by name and no secret; imported into an empty workspace, exports the same", async () => {
    const exported = await exportSchedules(owner, source);
    expect(exported.autopilot_schedules).toBe(1);
    expect(exported.schedules.map((s) => s.name)).toEqual(["Monday digest", "Aftermath", "Evening wire", "Month opener"]);
    expect(exported.schedules[1]).toMatchObject({ runs_after: "Monday digest", wait_minutes: 45, schedule_config: { day_of_week: 0, time: "07:30", timezone: "America/New_York" } });
    const monday = exported.schedules[0];
    expect(monday).toMatchObject({ specification: "Weekly Tech Briefing", email_to: ["ana@example.com", "desk@example.com"], not_exported: [expect.stringMatching(/^Slack/)] });
    expect(JSON.stringify(exported)).not.toContain("XXXXsecretXXXX");
    // Through JSON, as a file would carry it.
    const document = parse(JSON.parse(JSON.stringify(exported)));

    const dryRun = await importSchedules(owner, target, document, { dryRun: true });
    expect(dryRun).toEqual({
      dry_run: true,
      changes: exported.schedules.map((s) => ({ name: s.name, action: "create", fields: [] })),
      counts: { create: 4, update: 0, unchanged: 0 },
      kept: [],
    });
    expect(await count(target)).toBe(0);

    const applied = await importSchedules(owner, target, document, { dryRun: false });
    expect(applied.counts).toEqual({ create: 4, update: 0, unchanged: 0 });
    const reexported = await exportSchedules(owner, target);
    const withoutChannels = (d: Document) => ({ ...withoutDate(d), schedules: d.schedules.map((entry) => Object.fromEntries(Object.entries(entry).filter(([key]) => key !== "not_exported"))) });
    expect(withoutChannels(reexported)).toEqual(withoutChannels(exported));
    // The copies run when the originals do.
    const slots = async (ws: string) =>
      (await db().query<{ schedule_name: string; next_run_at: Date; status: string }>("select schedule_name, next_run_at, status from autopilot_schedules where workspace_id = $1 order by schedule_name", [ws])).rows;
    expect(await slots(target)).toEqual(await slots(source));

    // Importing the same document again changes nothing.
    expect((await importSchedules(owner, target, document, { dryRun: false })).counts).toEqual({ create: 0, update: 0, unchanged: 4 });
    // A dependency on a schedule the workspace does not have is refused by its place.
    const orphan = { ...document, schedules: [{ ...document.schedules[1], name: "Orphan", runs_after: "Nobody" }] };
    expect(await failure(importSchedules(owner, target, parse(orphan), { dryRun: true }))).toMatchObject({ fields: { "schedules.0.runs_after": expect.stringContaining("Nobody") } });
  });

  it("an edited document updates only what differs, keeps chat channels, leaves a paused schedule paused, and never deletes", async () => {
    const exported = await exportSchedules(owner, source);
    const monday = await db().query<{ id: string }>("select id from autopilot_schedules where workspace_id = $1 and schedule_name = 'Month opener'", [source]);
    await updateSchedule(owner, source, monday.rows[0].id, schedulePatchSchema.parse({ status: "paused", paused_note: "Audit" }));
    const edited = structuredClone(exported) as Document;
    const digest = edited.schedules.find((s) => s.name === "Monday digest")!;
    (digest.schedule_config as Record<string, unknown>).time = "8:00";
    digest.policy.max_retries = 1;
    digest.email_to.push("new@example.com");
    const opener = edited.schedules.find((s) => s.name === "Month opener")!;
    opener.notes = "Reviewed";
    edited.schedules = edited.schedules.filter((s) => s.name !== "Evening wire" && s.name !== "Aftermath");

    const preview = await importSchedules(owner, source, parse(edited), { dryRun: true });
    expect(preview.changes).toEqual([
      { name: "Monday digest", action: "update", fields: ["schedule_config", "policy.max_retries", "email_to"] },
      { name: "Month opener", action: "update", fields: ["notes"] },
    ]);
    expect(preview.kept).toEqual(["Aftermath", "Evening wire"]);
    expect((await exportSchedules(owner, source)).schedules).toEqual(exported.schedules);

    await importSchedules(owner, source, parse(edited), { dryRun: false });
    const after = await exportSchedules(owner, source);
    const digestAfter = after.schedules.find((s) => s.name === "Monday digest")!;
    expect(digestAfter.schedule_config).toEqual({ day_of_week: 0, time: "08:00", timezone: "America/New_York" });
    expect(digestAfter.email_to).toEqual(["ana@example.com", "desk@example.com", "new@example.com"]);
    expect(digestAfter.not_exported).toEqual(digest.not_exported);
    expect(after.schedules.map((s) => s.name)).toEqual(["Monday digest", "Aftermath", "Evening wire", "Month opener"]);
    // The dependent follows its upstream's new time.
    expect(after.schedules[1].schedule_config).toEqual(digestAfter.schedule_config);
    const opened = await db().query<{ status: string; notes: string }>("select status, notes from autopilot_schedules where id = $1", [monday.rows[0].id]);
    expect(opened.rows[0]).toEqual({ status: "paused", notes: "Reviewed" });
  });

  it("a bad entry refuses the whole document, naming its place, and writes nothing", async () => {
    const base = await exportSchedules(owner, target);
    const before = JSON.stringify(withoutDate(base));
    const fresh = { ...base.schedules[0], name: "Brand new" };
    const refusal = async (document: unknown, actor = owner) => failure(importSchedules(actor, target, parse(document), { dryRun: false }));

    expect(await refusal({ ...base, schedules: [fresh, { ...base.schedules[1], specification: "Gone" }] })).toMatchObject({
      code: "validation_failed",
      message: expect.stringContaining("no specification called “Gone”"),
      fields: { "schedules.1.specification": expect.any(String) },
    });
    expect(await refusal({ ...base, schedules: [fresh, { ...base.schedules.find((entry) => entry.name === "Month opener")!, schedule_config: { cron_expression: "* * * * *", timezone: "UTC" } }] })).toMatchObject({
      fields: { "schedules.1.schedule_config.cron_expression": expect.stringMatching(/at most once every/) },
    });
    expect(await refusal({ ...base, schedules: [{ ...fresh, policy: { max_retries: 99 } }] })).toMatchObject({ fields: { "schedules.0.policy.max_retries": expect.any(String) } });
    expect(await refusal({ ...base, schedules: [{ ...fresh, policy: { retries: 1 } }] })).toMatchObject({ fields: { "schedules.0.policy.retries": expect.any(String) } });
    expect(await refusal({ ...base, schedules: [{ ...fresh, email_to: ["not-an-address"] }] })).toMatchObject({ fields: { "schedules.0.email_to.0": expect.any(String) } });
    // Names identify schedules: twice in one document is refused by the format itself.
    expect(() => parse({ ...base, schedules: [fresh, fresh] })).toThrow(/also schedule 0/);
    expect(() => parse({ ...base, autopilot_schedules: 2 })).toThrow(/autopilot_schedules must be 1/);
    // A member may add schedules but not change the owner's: the document is refused as a whole.
    const edited = { ...base, schedules: [fresh, { ...base.schedules[0], notes: "Member was here" }] };
    expect(await refusal(edited, member)).toMatchObject({ code: "forbidden", message: expect.stringContaining(`Schedule 1 “${base.schedules[0].name}”`) });
    expect(await refusal(edited, stranger)).toMatchObject({ code: "not_found" });

    expect(JSON.stringify(withoutDate(await exportSchedules(owner, target)))).toBe(before);
  });
});

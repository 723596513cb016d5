/**
 * Batch runs: one schedule names three specifications (daily, daily, weekly). Over three days through the real
 * tick on a fake clock, each slot makes one report per specification per period (the weekly one once per
 * week), and each destination gets one delivery per slot listing the slot's reports: one email with a part
 * and an attachment per report made, one webhook call with every report. Bad lists are refused and write
 * nothing; a further report that fails is shown failed, the owners hear of it, and the rest still go out.
 */
import { expect, it } from "vitest";
import { createSchedule, getScheduleView, listScheduleRuns, updateSchedule } from "@/lib/autopilot/schedules";
import { startTestRun } from "@/lib/autopilot/test-run";
import { runListQuerySchema } from "@/lib/validation/run";
import { exportSchedules, importSchedules } from "@/lib/autopilot/schedules-as-code";
import { getScheduleCalendar } from "@/lib/autopilot/schedule-calendar";
import { previewDraftSchedule } from "@/lib/autopilot/schedule-preview";
import { schedulePreviewRequestSchema } from "@/lib/validation/schedule-preview";
import { scheduleDocumentSchema } from "@/lib/validation/schedule-document";
import type { Actor } from "@/lib/db/transactions";
import type { EngineGenerator } from "@/lib/engine/start-batch";
import { runTick } from "@/lib/engine/run-tick";
import { renderRun } from "@/lib/generator/execute-generator";
import { scheduleCreateSchema, schedulePatchSchema } from "@/lib/validation/schedule";
import { useDeliveryPeers } from "./helpers/delivery-peers";
import { appErrorOf as failure } from "./helpers/errors";
import { scheduleRow } from "./helpers/schedules";
import { createStarterTeam } from "./helpers/starter-team";
import { describeEachDatabase } from "./helpers/test-database";
import { aWinterMonday } from "./helpers/winter-monday";

const MINUTE = 60_000;
const DAY = 86_400_000;

describeEachDatabase("batch runs across specifications", (db) => {
  const peers = useDeliveryPeers();

  /** The starter workspace with two more specifications like its sample: a daily one and a weekly one. */
  async function team() {
    const { owner, workspaceId, specId } = await createStarterTeam(db());
    await db().query("update autopilot_schedules set enabled = false where workspace_id = $1", [workspaceId]);
    const copy = async (name: string, frequency: string) =>
      (
        await db().query<{ id: string }>(
          `insert into newsletter_specifications (workspace_id, name, categories, regions, frequency, feeds)
           select workspace_id, $2, categories, regions, $3, feeds from newsletter_specifications where id = $1 returning id`,
          [specId, name, frequency],
        )
      ).rows[0].id;
    await db().query("update newsletter_specifications set frequency = 'daily' where id = $1", [specId]);
    return { owner, workspaceId, sample: specId, daily: await copy("Markets daily", "daily"), weekly: await copy("Weekly roundup", "weekly") };
  }

  const create = (owner: Actor, workspaceId: string, now: Date, body: Record<string, unknown>) =>
    createSchedule(owner, workspaceId, scheduleCreateSchema.parse({ schedule_type: "daily", schedule_config: { time: "08:00", timezone: "Europe/Berlin" }, max_retries: 0, ...body }), now);

  /** One tick a minute after the schedule's next slot, on a clock that stands still there. */
  async function tickNextSlot(id: string, generator?: EngineGenerator) {
    const at = new Date((await scheduleRow(db(), id)).next_run_at.getTime() + MINUTE);
    return runTick(db(), { now: () => at, generator });
  }

  const runsOfSlots = async (scheduleId: string) =>
    (
      await db().query<{ scheduled_for: Date; batch_position: number | null; specification_name: string; status: string; error: string | null; has_report: boolean }>(
        `select r.scheduled_for, r.batch_position, r.specification_name, r.status, r.error,
                exists (select 1 from report_files f where f.run_id = r.id) as has_report
         from newsletter_runs r where r.autopilot_schedule_id = $1 order by r.scheduled_for, coalesce(r.batch_position, 0)`,
        [scheduleId],
      )
    ).rows;

  it("makes one report per specification per period for three days and delivers each slot's reports together, once per destination", async () => {
    const { owner, workspaceId, sample, daily, weekly } = await team();
    // A Saturday: the weekly roundup's week ends on Sunday, so Monday starts the next one.
    const saturday = new Date(aWinterMonday().getTime() - 2 * DAY);
    const webhook = peers.http.url(`/batch-${workspaceId}`);
    const schedule = await create(owner, workspaceId, saturday, {
      specification_id: sample,
      batch_specification_ids: [daily, weekly],
      schedule_name: "Morning pack",
      destinations: [{ type: "email", to: ["reader@example.com"] }, { type: "webhook", url: webhook, secret: "batch-webhook-secret-0123" }],
    });
    expect(schedule.batch_specification_names).toEqual(["Markets daily", "Weekly roundup"]);
    expect((await getScheduleView(owner, workspaceId, schedule.id)).batch_specification_ids).toEqual([daily, weekly]);

    const mailsBefore = peers.smtp.to("reader@example.com").length;
    for (let day = 0; day < 3; day++) {
      const summary = await tickNextSlot(schedule.id);
      expect(summary.deliveries, `day ${day + 1}`).toEqual({ sent: 2, retrying: 0, failed: 0, gave_up: 0 });
    }

    // Saturday, Sunday, Monday: the daily ones every day, the weekly one on Saturday and again on Monday.
    const runs = await runsOfSlots(schedule.id);
    expect(runs.map((r) => [r.batch_position, r.specification_name, r.status, r.has_report])).toEqual([
      [null, "Weekly Tech Briefing", "success", true],
      [1, "Markets daily", "success", true],
      [2, "Weekly roundup", "success", true],
      [null, "Weekly Tech Briefing", "success", true],
      [1, "Markets daily", "success", true],
      [2, "Weekly roundup", "skipped", false],
      [null, "Weekly Tech Briefing", "success", true],
      [1, "Markets daily", "success", true],
      [2, "Weekly roundup", "success", true],
    ]);
    expect(runs[5].error).toMatch(/^Frequency limit: /);
    // The history lists each slot's reports as its email does: its own first, then the further ones in order.
    const history = await listScheduleRuns(owner, workspaceId, schedule.id, runListQuerySchema.parse({ limit: 25 }));
    expect(history.items.map((r) => r.specification_name)).toEqual(["Weekly Tech Briefing", "Markets daily", "Weekly roundup", "Weekly Tech Briefing", "Markets daily", "Weekly roundup", "Weekly Tech Briefing", "Markets daily", "Weekly roundup"]);
    const slots = history.items.map((r) => r.scheduled_for!.getTime());
    expect(slots).toEqual([...slots].sort((a, b) => b - a)); // newest slot first
    expect(new Set(runs.map((r) => r.scheduled_for.getTime())).size).toBe(3);
    const row = await scheduleRow(db(), schedule.id);
    expect([row.run_count, row.success_count, row.failure_count]).toEqual([3, 3, 0]);

    // One email a day, a part and an attachment per report made; Sunday's says why the roundup is not in it.
    const mails = peers.smtp.to("reader@example.com").slice(mailsBefore);
    expect(mails).toHaveLength(3);
    expect(mails.map((m) => m.attachments.map((a) => a.filename))).toEqual([
      ["Weekly-Tech-Briefing.html", "Markets-daily.html", "Weekly-roundup.html"],
      ["Weekly-Tech-Briefing.html", "Markets-daily.html"],
      ["Weekly-Tech-Briefing.html", "Markets-daily.html", "Weekly-roundup.html"],
    ]);
    expect(mails[0].subject).toMatch(/^Morning pack — /);
    expect(mails[0].text).toContain("3 of 3 reports");
    expect(mails[1].text).toContain("2 of 3 reports");
    expect(mails[1].text).toMatch(/Weekly roundup[\s\S]*Not made: Frequency limit/);
    // Each made report has the recipient's own link (opens without an account).
    expect(String(mails[0].html).match(/href="https:\/\/autopilot\.example\.com\/r\/[A-Za-z0-9_-]{43}"/g)?.length).toBeGreaterThanOrEqual(3);

    // One webhook call a day, listing every report of the slot in order.
    const calls = peers.http.at(`/batch-${workspaceId}`).map((call) => JSON.parse(call.body));
    expect(calls).toHaveLength(3);
    expect(calls.map((body) => body.reports.map((r: { specification: { name: string }; status: string }) => `${r.specification.name}: ${r.status}`))).toEqual([
      ["Weekly Tech Briefing: success", "Markets daily: success", "Weekly roundup: success"],
      ["Weekly Tech Briefing: success", "Markets daily: success", "Weekly roundup: skipped"],
      ["Weekly Tech Briefing: success", "Markets daily: success", "Weekly roundup: success"],
    ]);
    expect(calls[1].reports[2]).toMatchObject({ report_url: null, error: expect.stringMatching(/^Frequency limit/) });
    expect(calls[0].reports[1].report_url).toMatch(/\/w\/.+\/reports\//);
  });

  it("predictions weigh a batch's further reports, for the batch and for the specification's other schedules, and hold through the real tick", async () => {
    const { owner, workspaceId, sample, weekly } = await team();
    const saturday = new Date(aWinterMonday().getTime() - 2 * DAY);
    const pack = await create(owner, workspaceId, saturday, { specification_id: sample, batch_specification_ids: [weekly], schedule_name: "Pack" });
    // Another schedule of the weekly roundup, an hour later each day: the batch makes each week's report first.
    const later = await create(owner, workspaceId, saturday, { specification_id: weekly, schedule_name: "Roundup at nine", schedule_config: { time: "09:00", timezone: "Europe/Berlin" } });

    const packView = await getScheduleView(owner, workspaceId, pack.id, 3, saturday);
    expect(packView.next_runs_skipped).toEqual([false, false, false]);
    expect(packView.next_runs_reports?.map((slot) => slot.map((r) => `${r.specification_name}: ${r.skipped ? `skipped (${r.taken_by})` : "made"}`))).toEqual([
      ["Weekly Tech Briefing: made", "Weekly roundup: made"],
      ["Weekly Tech Briefing: made", expect.stringMatching(/^Weekly roundup: skipped \(“Pack” at \d{4}-\d\d-\d\d 08:00 Europe\/Berlin\)$/)],
      ["Weekly Tech Briefing: made", "Weekly roundup: made"],
    ]);
    // The calendar names the reports each slot makes.
    const calendar = await getScheduleCalendar(owner, workspaceId, { days: 3, now: saturday });
    expect(calendar.entries.filter((e) => e.schedule_id === pack.id).map((e) => e.reports)).toEqual([
      ["Weekly Tech Briefing", "Weekly roundup"],
      ["Weekly Tech Briefing"],
      ["Weekly Tech Briefing", "Weekly roundup"],
    ]);
    // The editor's preview of the same batch says the same.
    const preview = await previewDraftSchedule(
      owner,
      schedulePreviewRequestSchema.parse({ schedule_type: "daily", schedule_config: { time: "08:00", timezone: "Europe/Berlin" }, workspace_id: workspaceId, specification_id: sample, schedule_id: pack.id, batch_specification_ids: [weekly], count: 3, after: saturday.toISOString() }),
      saturday,
    );
    expect(preview.skipped).toEqual([false, false, false]);
    expect(preview.reports).toEqual(packView.next_runs_reports);
    const laterView = await getScheduleView(owner, workspaceId, later.id, 3, saturday);
    expect(laterView.next_runs_skipped).toEqual([true, true, true]);
    expect(laterView.next_runs_skipped_by?.[0]).toMatch(/^“Pack” at .* 08:00 Europe\/Berlin$/);

    // Three days of the real tick, ticking whichever is due first.
    for (let ticks = 0; ticks < 10; ticks++) {
      const rows = await Promise.all([pack.id, later.id].map(async (id) => ({ id, row: await scheduleRow(db(), id) })));
      const due = rows.reduce((a, b) => (b.row.next_run_at < a.row.next_run_at ? b : a));
      if (due.row.next_run_at.getTime() > saturday.getTime() + 3 * DAY) break;
      await tickNextSlot(due.id);
    }
    const made = async (scheduleId: string) =>
      (await runsOfSlots(scheduleId)).filter((r) => r.status === "success").map((r) => `${r.scheduled_for.toISOString().slice(0, 10)} ${r.specification_name}`);
    expect(await made(later.id)).toEqual([]);
    const packRuns = await made(pack.id);
    const slots = packView.next_runs!.map((at) => at.slice(0, 10));
    expect(packRuns).toEqual([
      `${slots[0]} Weekly Tech Briefing`, `${slots[0]} Weekly roundup`,
      `${slots[1]} Weekly Tech Briefing`,
      `${slots[2]} Weekly Tech Briefing`, `${slots[2]} Weekly roundup`,
    ]);
  });

  it("refuses a list with the schedule's own, a repeated, a foreign or an inactive specification, and writes nothing", async () => {
    const { owner, workspaceId, sample, daily, weekly } = await team();
    const other = await team();
    const now = aWinterMonday();
    const schedule = await create(owner, workspaceId, now, { specification_id: sample, schedule_name: "Single" });
    await db().query("update newsletter_specifications set status = 'inactive' where id = $1", [weekly]);
    const refusals = [
      [[sample], /already the schedule's own specification/],
      [[daily, daily], /lists a specification twice/],
      [[other.daily], /No specification .* in this workspace/],
      [[weekly], /“Weekly roundup” is inactive/],
      [Array.from({ length: 10 }, () => daily), /at most 10 specifications/],
    ] as const;
    for (const [ids, message] of refusals) {
      const parsed = schedulePatchSchema.safeParse({ batch_specification_ids: ids });
      const error = parsed.success ? await failure(updateSchedule(owner, workspaceId, schedule.id, parsed.data)) : null;
      const said = error ? `${error.message} ${JSON.stringify(error.fields)}` : JSON.stringify(parsed.error?.issues);
      expect(said, JSON.stringify(ids)).toMatch(message);
      if (error) expect([error.status, Object.keys(error.fields ?? {})]).toEqual([expect.any(Number), ["batch_specification_ids"]]);
      if (error) expect(error.status).toBeGreaterThanOrEqual(400);
      expect((await db().query("select batch_specification_ids from autopilot_schedules where id = $1", [schedule.id])).rows).toEqual([{ batch_specification_ids: [] }]);
    }
  });

  it("a deactivated further specification is skipped with the reason and may stay; a deleted one leaves the batch", async () => {
    const { owner, workspaceId, sample, daily, weekly } = await team();
    const monday = aWinterMonday();
    const schedule = await create(owner, workspaceId, monday, { specification_id: sample, batch_specification_ids: [daily, weekly], schedule_name: "Pack" });
    await db().query("update newsletter_specifications set status = 'inactive' where id = $1", [daily]);
    await tickNextSlot(schedule.id);
    const runs = await runsOfSlots(schedule.id);
    expect(runs.map((r) => [r.specification_name, r.status, r.error])).toEqual([
      ["Weekly Tech Briefing", "success", null],
      ["Markets daily", "skipped", "Skipped: Specification is not active"],
      ["Weekly roundup", "success", null],
    ]);
    // Saving another field keeps it (only adding an inactive one is refused).
    const renamed = await updateSchedule(owner, workspaceId, schedule.id, schedulePatchSchema.parse({ schedule_name: "Pack two" }));
    expect(renamed.batch_specification_ids).toEqual([daily, weekly]);
    await db().query("delete from newsletter_specifications where id = $1", [daily]);
    expect((await getScheduleView(owner, workspaceId, schedule.id)).batch_specification_names).toEqual(["Weekly roundup"]);
    expect((await getScheduleView(owner, workspaceId, schedule.id)).batch_specification_ids).toEqual([weekly]);
  });

  it("schedules as code carry the further specifications by name, and an import into another workspace reproduces them", async () => {
    const { owner, workspaceId, sample, daily, weekly } = await team();
    const now = aWinterMonday();
    await create(owner, workspaceId, now, { specification_id: sample, batch_specification_ids: [weekly, daily], schedule_name: "Pack" });
    const exported = await exportSchedules(owner, workspaceId);
    const entry = exported.schedules.find((s) => s.name === "Pack")!;
    expect(entry.also_reports_on).toEqual(["Weekly roundup", "Markets daily"]);

    const other = await team();
    const document = scheduleDocumentSchema.parse(JSON.parse(JSON.stringify({ ...exported, schedules: [entry] })));
    expect((await importSchedules(other.owner, other.workspaceId, document, { dryRun: false, now })).counts).toEqual({ create: 1, update: 0, unchanged: 0 });
    const imported = (await exportSchedules(other.owner, other.workspaceId)).schedules.find((s) => s.name === "Pack")!;
    expect(imported.also_reports_on).toEqual(["Weekly roundup", "Markets daily"]);
    const row = await db().query<{ ids: string[] }>("select batch_specification_ids as ids from autopilot_schedules where workspace_id = $1 and schedule_name = 'Pack'", [other.workspaceId]);
    expect(row.rows[0].ids).toEqual([other.weekly, other.daily]);
    // An unknown name is refused at its place in the document, and nothing is written.
    const bad = scheduleDocumentSchema.parse({ ...document, schedules: [{ ...entry, name: "Pack 2", also_reports_on: ["Nope"] }] });
    const refused = await failure(importSchedules(other.owner, other.workspaceId, bad, { dryRun: false, now }));
    expect(refused.fields).toEqual({ "schedules.0.also_reports_on.0": "this workspace has no specification called “Nope”" });
  });

  it("its own report failing retries the slot: the further report already made is kept, and the slot is delivered once, after the retry", async () => {
    const { owner, workspaceId, sample, daily } = await team();
    const monday = aWinterMonday();
    const path = `/retried-${workspaceId}`;
    const schedule = await create(owner, workspaceId, monday, {
      specification_id: sample,
      batch_specification_ids: [daily],
      schedule_name: "Retried pack",
      max_retries: 2,
      destinations: [{ type: "webhook", url: peers.http.url(path), secret: "batch-webhook-secret-0123" }],
    });
    // The first attempt's own report breaks; the further one is made.
    const breakOwnOnce: EngineGenerator = { render: (database, run, request) => renderRun(database, run, !run.batch_position && run.attempt === 1 ? { ...request, timeZone: "Invalid/Zone" } : request) };
    await tickNextSlot(schedule.id, breakOwnOnce);
    expect((await runsOfSlots(schedule.id)).map((r) => [r.batch_position, r.status])).toEqual([[null, "failed"], [1, "success"]]);
    const waiting = await scheduleRow(db(), schedule.id);
    expect(waiting.retry_slot).not.toBeNull();
    expect(peers.http.at(path)).toHaveLength(0);
    const furtherId = (await db().query<{ id: string }>("select id from newsletter_runs where autopilot_schedule_id = $1 and batch_position = 1", [schedule.id])).rows[0].id;

    // The retry makes its own report; the further one is not made again.
    await tickNextSlot(schedule.id, breakOwnOnce);
    const runs = await runsOfSlots(schedule.id);
    expect(runs.map((r) => [r.batch_position, r.status])).toEqual([[null, "success"], [1, "success"]]);
    expect((await db().query<{ id: string }>("select id from newsletter_runs where autopilot_schedule_id = $1 and batch_position = 1", [schedule.id])).rows[0].id).toBe(furtherId);
    const row = await scheduleRow(db(), schedule.id);
    expect([row.last_run_status, row.retry_slot, row.success_count, row.failure_count]).toEqual(["success", null, 1, 0]);
    const calls = peers.http.at(path).map((c) => JSON.parse(c.body));
    expect(calls.map((body) => body.reports.map((r: { status: string }) => r.status))).toEqual([["success", "success"]]);
  });

  it("a process that dies while making a further report loses only that report: the slot is claimed again when its lease lapses, nothing stays running, one delivery", async () => {
    const { owner, workspaceId, sample, daily, weekly } = await team();
    const monday = aWinterMonday();
    const path = `/crashed-${workspaceId}`;
    const schedule = await create(owner, workspaceId, monday, {
      specification_id: sample,
      batch_specification_ids: [daily, weekly],
      schedule_name: "Crashing pack",
      destinations: [{ type: "webhook", url: peers.http.url(path), secret: "batch-webhook-secret-0123" }],
    });
    // The process "dies" in the second further report: its generation never comes back to record anything.
    let died = false;
    const dieInSecond: EngineGenerator = {
      render: (database, run, request) => {
        if (run.batch_position === 2 && !died) {
          died = true;
          return Promise.reject(new Error("the process died here"));
        }
        return renderRun(database, run, request);
      },
    };
    const slot = (await scheduleRow(db(), schedule.id)).next_run_at;
    await tickNextSlot(schedule.id, dieInSecond);
    // What the dead attempt left: the first further report (written when it ended), nothing running, nothing sent.
    expect((await runsOfSlots(schedule.id)).map((r) => [r.batch_position, r.status])).toEqual([[1, "success"]]);
    expect(peers.http.at(path)).toHaveLength(0);

    // An hour later the lease has lapsed: the slot is claimed again, the missing reports are made, the made one kept.
    const later = new Date(slot.getTime() + 60 * MINUTE);
    await runTick(db(), { now: () => later });
    const runs = await runsOfSlots(schedule.id);
    expect(runs.map((r) => [r.batch_position, r.status, r.scheduled_for.getTime()])).toEqual([
      [null, "success", slot.getTime()],
      [1, "success", slot.getTime()],
      [2, "success", slot.getTime()],
    ]);
    expect((await db().query("select id from newsletter_runs where autopilot_schedule_id = $1 and status = 'running'", [schedule.id])).rows).toEqual([]);
    expect(peers.http.at(path).map((c) => JSON.parse(c.body).reports.length)).toEqual([3]);
    const row = await scheduleRow(db(), schedule.id);
    expect([row.success_count, row.next_run_at.getTime() > later.getTime()]).toEqual([1, true]);
  });

  it("a further report that fails is shown failed, the slot fails without a retry, the owners hear of it, and the others are still delivered", async () => {
    const { owner, workspaceId, sample, daily } = await team();
    const monday = aWinterMonday();
    const webhook = peers.http.url(`/failing-${workspaceId}`);
    const schedule = await create(owner, workspaceId, monday, {
      specification_id: sample,
      batch_specification_ids: [daily],
      schedule_name: "Half broken",
      max_retries: 2,
      destinations: [{ type: "webhook", url: webhook, secret: "batch-webhook-secret-0123" }],
    });
    // The further report's render breaks (an unknown zone throws inside the real generator); the own one works.
    const breakFurther: EngineGenerator = { render: (database, run, request) => renderRun(database, run, run.batch_position ? { ...request, timeZone: "Invalid/Zone" } : request) };
    await tickNextSlot(schedule.id, breakFurther);
    const runs = await runsOfSlots(schedule.id);
    expect(runs.map((r) => [r.batch_position, r.status])).toEqual([[null, "success"], [1, "failed"]]);
    const row = await scheduleRow(db(), schedule.id);
    expect([row.last_run_status, row.retry_slot, row.failure_count]).toEqual(["failed", null, 1]);
    expect(row.last_run_error).toMatch(/^Report “Markets daily” failed: /);
    const alerts = await db().query<{ error: string; status: string }>("select payload->>'error' as error, status from deliveries where schedule_id = $1 and kind = 'alert'", [schedule.id]);
    expect(alerts.rows).toEqual([{ error: expect.stringMatching(/^Report “Markets daily” failed: /), status: "sent" }]);
    const [call] = peers.http.at(`/failing-${workspaceId}`).map((c) => JSON.parse(c.body));
    expect(call.reports.map((r: { status: string }) => r.status)).toEqual(["success", "failed"]);

    // The next day all is well again: both made.
    await tickNextSlot(schedule.id);
    expect((await runsOfSlots(schedule.id)).slice(2).map((r) => [r.batch_position, r.status])).toEqual([[null, "success"], [1, "success"]]);
    expect((await scheduleRow(db(), schedule.id)).last_run_status).toBe("success");
  });
  it("a Test run makes every report of the batch, one after another, and emails them together only to whoever pressed it; a second waits for the whole batch", async () => {
    const { owner, workspaceId, sample, daily, weekly } = await team();
    const hook = peers.http.url(`/batch-test-${workspaceId}`);
    const schedule = await create(owner, workspaceId, new Date(), {
      specification_id: sample,
      batch_specification_ids: [daily, weekly],
      schedule_name: "Tested pack",
      destinations: [{ type: "email", to: ["reader@example.com"] }, { type: "webhook", url: hook, secret: "batch-test-secret-0123" }],
    });
    const readerBefore = peers.smtp.to("reader@example.com").length;
    const testRuns = async () =>
      (
        await db().query<{ id: string; batch_position: number | null; batch_lead_run_id: string | null; specification_name: string; status: string; error: string | null; frequency_period: string | null }>(
          `select id, batch_position, batch_lead_run_id, specification_name, status, error, frequency_period
           from newsletter_runs where autopilot_schedule_id = $1 and trigger = 'test' order by created_at, coalesce(batch_position, 0)`,
          [schedule.id],
        )
      ).rows;

    const started = await startTestRun(owner, workspaceId, schedule.id, { channels: true });
    // The lead holds the schedule's one test place until the whole batch is made.
    expect(await failure(startTestRun(owner, workspaceId, schedule.id))).toMatchObject({ status: 409, message: expect.stringMatching(/already running/) });
    const ended = await started.complete();
    expect(ended.status).toBe("success");

    const runs = await testRuns();
    expect(runs.map((r) => [r.batch_position, r.specification_name, r.status])).toEqual([
      [null, "Weekly Tech Briefing", "success"],
      [1, "Markets daily", "success"],
      [2, "Weekly roundup", "success"],
    ]);
    expect(runs.slice(1).every((r) => r.batch_lead_run_id === ended.id)).toBe(true);
    // A test takes no period: the slots still make each report.
    expect(runs.every((r) => r.frequency_period === null)).toBe(true);

    // One email, to the tester only, with every report; one webhook call listing them, marked as a test.
    const mails = peers.smtp.to(owner.email).filter((mail) => mail.subject?.startsWith("[Test] Tested pack"));
    expect(mails).toHaveLength(1);
    expect(mails[0].text).toContain("3 of 3 reports");
    expect(mails[0].attachments.map((a) => a.filename)).toEqual(["Weekly-Tech-Briefing.html", "Markets-daily.html", "Weekly-roundup.html"]);
    expect(peers.smtp.to("reader@example.com").length).toBe(readerBefore);
    const calls = peers.http.at(`/batch-test-${workspaceId}`).map((call) => JSON.parse(call.body));
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ test: true, run: { id: ended.id } });
    expect(calls[0].reports.map((r: { specification: { name: string }; status: string }) => `${r.specification.name}: ${r.status}`)).toEqual([
      "Weekly Tech Briefing: success",
      "Markets daily: success",
      "Weekly roundup: success",
    ]);

    // A further specification deactivated since: the next Test run says why its report is not in the batch.
    await db().query("update newsletter_specifications set status = 'inactive' where id = $1", [weekly]);
    const again = await (await startTestRun(owner, workspaceId, schedule.id)).complete();
    expect(again.status).toBe("success");
    expect((await testRuns()).slice(3).map((r) => [r.batch_position, r.status, r.error])).toEqual([
      [null, "success", null],
      [1, "success", null],
      [2, "skipped", "Skipped: Specification is not active"],
    ]);
    const second = peers.smtp.to(owner.email).filter((mail) => mail.subject?.startsWith("[Test] Tested pack"));
    expect(second).toHaveLength(2);
    expect(second[1].text).toMatch(/2 of 3 reports[\s\S]*Weekly roundup[\s\S]*Not made: Skipped: Specification is not active/);
    // The history lists each Test run's reports together, its own first.
    const history = await listScheduleRuns(owner, workspaceId, schedule.id, runListQuerySchema.parse({ trigger: "test", limit: 25 }));
    expect(history.items.map((r) => [r.specification_name, r.status])).toEqual([
      ["Weekly Tech Briefing", "success"],
      ["Markets daily", "success"],
      ["Weekly roundup", "skipped"],
      ["Weekly Tech Briefing", "success"],
      ["Markets daily", "success"],
      ["Weekly roundup", "success"],
    ]);
  });

  it("a Test run whose process dies mid-batch leaves nothing running after the deadline, and the next Test run is accepted", async () => {
    const { owner, workspaceId, sample, daily } = await team();
    const schedule = await create(owner, workspaceId, new Date(), { specification_id: sample, batch_specification_ids: [daily], schedule_name: "Dies" });
    const started = await startTestRun(owner, workspaceId, schedule.id);
    // The process dies after the further report started: its row and the lead's are left running.
    await db().query(
      `insert into newsletter_runs (workspace_id, specification_id, specification_name, trigger, autopilot_schedule_id, categories, regions, cadence,
         period_start, period_end, status, started_at, deadline_at, batch_position, batch_lead_run_id)
       select workspace_id, $2, 'Markets daily', 'test', autopilot_schedule_id, categories, regions, cadence, period_start, period_end, 'running', started_at, deadline_at, 1, id
       from newsletter_runs where id = $1`,
      [started.run.id, daily],
    );
    const past = new Date(started.run.deadline_at!.getTime() + MINUTE);
    await runTick(db(), { now: () => past });
    const left = await db().query<{ status: string; error: string | null }>("select status, error from newsletter_runs where autopilot_schedule_id = $1 and trigger = 'test'", [schedule.id]);
    expect(left.rows.map((r) => r.status)).toEqual(["failed", "failed"]);
    expect(left.rows.every((r) => /timed out/i.test(r.error ?? ""))).toBe(true);
    const next = await (await startTestRun(owner, workspaceId, schedule.id)).complete();
    expect(next.status).toBe("success");
  });

  it("keeping the newest N runs keeps N slots with all their reports, and a report that holds its week until the week ends", async () => {
    const { owner, workspaceId, sample, daily, weekly } = await team();
    const schedule = await create(owner, workspaceId, aWinterMonday(), {
      specification_id: sample,
      batch_specification_ids: [daily, weekly],
      schedule_name: "Kept pack",
      retention_runs: 2,
    });
    const slots: number[] = [];
    const tickDays = async (days: number) => {
      for (let day = 0; day < days; day++) {
        const slot = (await scheduleRow(db(), schedule.id)).next_run_at.getTime();
        slots.push(slot);
        // Five minutes past: a tick on a five-minute mark also prunes history past retention.
        await runTick(db(), { now: () => new Date(slot + 5 * MINUTE) });
      }
    };
    const kept = async () => (await runsOfSlots(schedule.id)).map((r) => [r.scheduled_for.getTime(), r.batch_position, r.status]);
    const wholeSlot = (slot: number, roundup: string) => [
      [slot, null, "success"],
      [slot, 1, "success"],
      [slot, 2, roundup],
    ];

    // Monday to Thursday: Wednesday's and Thursday's slots stay whole; Monday's roundup is this week's, so it
    // stays too (without it, Thursday would have made a second roundup in the week).
    await tickDays(4);
    expect(await kept()).toEqual([[slots[0], 2, "success"], ...wholeSlot(slots[2], "skipped"), ...wholeSlot(slots[3], "skipped")]);
    // Through the next Tuesday: the new week's roundup is made on Monday, and last week's goes.
    await tickDays(5);
    expect(await kept()).toEqual([...wholeSlot(slots[7], "success"), ...wholeSlot(slots[8], "skipped")]);
    const history = await listScheduleRuns(owner, workspaceId, schedule.id, runListQuerySchema.parse({ limit: 25 }));
    expect(history.items.map((r) => r.specification_name)).toEqual(["Weekly Tech Briefing", "Markets daily", "Weekly roundup", "Weekly Tech Briefing", "Markets daily", "Weekly roundup"]);
  });

  it("a batch Test run that outlives its time is told failed \"timed out\", and nothing is emailed", async () => {
    const { owner, workspaceId, sample, daily } = await team();
    const schedule = await create(owner, workspaceId, new Date(), { specification_id: sample, batch_specification_ids: [daily], schedule_name: "Slow" });
    const before = peers.smtp.to(owner.email).length;
    const started = await startTestRun(owner, workspaceId, schedule.id);
    // Its deadline passes while its reports are still being made: the tick's recovery fails it.
    await runTick(db(), { now: () => new Date(started.run.deadline_at!.getTime() + MINUTE) });
    const ended = await started.complete();
    expect(ended).toMatchObject({ id: started.run.id, status: "failed", error: expect.stringMatching(/timed out/i) });
    expect(peers.smtp.to(owner.email).length).toBe(before);
  });
});

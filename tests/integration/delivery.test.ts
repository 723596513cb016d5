import { createHmac } from "node:crypto";
import { afterAll, beforeAll, beforeEach, expect, it, vi } from "vitest";
import { getScheduleView, updateSchedule } from "@/lib/autopilot/schedules";
import { sendTestDelivery, TESTS_PER_WINDOW } from "@/lib/autopilot/send-test-delivery";
import { startTestRun } from "@/lib/autopilot/test-run";
import type { Actor } from "@/lib/db/transactions";
import { slackLabel } from "@/lib/delivery/slack-webhook";
import { unsubscribe } from "@/lib/delivery/unsubscribe";
import { runTick } from "@/lib/engine/run-tick";
import { getWorkspaceRun } from "@/lib/runs/runs";
import { scheduleCreateSchema, schedulePatchSchema, type ScheduleCreateInput } from "@/lib/validation/schedule";
import { createStarterWorkspace } from "@/lib/workspaces/starter-workspace";
import { startHttpReceiver } from "./helpers/http-receiver";
import { createDailySchedule, makeDue, runsOf, slotHalfADayAway } from "./helpers/schedules";
import { sendEmailThrough } from "./helpers/email-settings";
import { startSmtpSink } from "./helpers/smtp-sink";
import { describeEachDatabase } from "./helpers/test-database";
import { createUser } from "./helpers/users";

const HOUR = 60 * 60_000;

describeEachDatabase("delivery by email, Slack and webhook", (db) => {
  let owner: Actor, workspaceId: string, specId: string;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let http: Awaited<ReturnType<typeof startHttpReceiver>>;
  // Retries below tick up to six hours ahead: the schedules' own next slots stay out of that span.
  const newSchedule = (overrides: Partial<ScheduleCreateInput> = {}) =>
    createDailySchedule(owner, workspaceId, specId, { schedule_config: slotHalfADayAway(), ...overrides } as Partial<ScheduleCreateInput>);
  const ledger = async (scheduleId: string) =>
    (
      await db().query<{ type: string; target: string; status: string; attempts: number; last_error: string | null; provider_ref: string | null; is_test: boolean }>(
        "select type, target, status, attempts, last_error, provider_ref, is_test from deliveries where schedule_id = $1 and kind = 'report' order by type, target, created_at",
        [scheduleId],
      )
    ).rows;
  /** Ticks at `offsetMs` from now on a clock that stands still there. */
  const tickAt = (offsetMs = 0) => {
    const at = new Date(Date.now() + offsetMs);
    return runTick(db(), { now: () => at });
  };

  beforeAll(async () => {
    smtp = await startSmtpSink();
    http = await startHttpReceiver();
    sendEmailThrough(smtp);
    vi.stubEnv("AUTOPILOT_ALLOW_PRIVATE_ADDRESSES", "1");
    owner = await createUser(db(), { name: "owner" });
    workspaceId = (await createStarterWorkspace(db(), owner)).id;
    specId = (await db().query<{ id: string }>("select id from newsletter_specifications where workspace_id = $1", [workspaceId])).rows[0].id;
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    await smtp?.close();
    await http?.close();
  });

  beforeEach(async () => {
    await db().query("update autopilot_schedules set enabled = false where workspace_id = $1", [workspaceId]);
  });

  it("emails each recipient the report: subject with the period, sections inline, a text part, the HTML attached, unsubscribe for non-members", async () => {
    const schedule = await newSchedule({ destinations: [{ type: "email", to: ["Reader@Example.com", owner.email] }] });
    expect(schedule.destinations).toEqual([{ type: "email", to: expect.arrayContaining(["reader@example.com", owner.email]) }]);
    await makeDue(db(), schedule.id);
    const summary = await tickAt();
    expect(summary.deliveries).toEqual({ sent: 2, retrying: 0, failed: 0, gave_up: 0 });

    const [mail] = smtp.to("reader@example.com");
    // The subject names what the recipient subscribed to (the schedule) and the report's real period.
    expect(mail.subject).toMatch(/^Morning briefing — \d+ \w{3} 20\d\d$/);
    expect(mail.from?.text).toContain("reports@example.com");
    expect(mail.html).toContain("Open the full report");
    expect(mail.html).toContain('<html lang="en"');
    expect(mail.html).toMatch(/<a href="https?:\/\/[^"]+"[^>]*>[^<]+<\/a>/); // headlines link to their articles
    expect(mail.text).toContain("Open the full report");
    const [run] = await runsOf(db(), schedule.id);
    // Each recipient's button is their own link, which opens the report without an account.
    expect(mail.html).toMatch(/href="https:\/\/autopilot\.example\.com\/r\/[A-Za-z0-9_-]{43}"/);
    expect(mail.html).not.toContain("autopilot-report-link-slot");
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]).toMatchObject({ contentType: "text/html" });
    expect(mail.attachments[0].content.toString("utf8")).toContain("<!DOCTYPE html>");
    const header = (m: typeof mail, name: string) => m.headerLines.find((line) => line.key === name)?.line.replace(/^[^:]+:\s*/, "");
    const listUnsubscribe = header(mail, "list-unsubscribe")!;
    expect(listUnsubscribe).toMatch(/^<https:\/\/autopilot\.example\.com\/api\/unsubscribe\/[0-9a-f]{64}>$/);
    expect(header(mail, "list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    // A member manages their subscriptions in the app: no unsubscribe header for them.
    const [memberMail] = smtp.to(owner.email);
    expect(header(memberMail, "list-unsubscribe")).toBeUndefined();

    expect(await ledger(schedule.id)).toEqual([
      expect.objectContaining({ type: "email", target: owner.email, status: "sent", attempts: 1, last_error: null }),
      expect.objectContaining({ type: "email", target: "reader@example.com", status: "sent", attempts: 1, last_error: null }),
    ]);
    const viewed = await getWorkspaceRun(owner, workspaceId, run.id);
    expect(viewed.deliveries.map((d) => [d.target, d.status])).toEqual(expect.arrayContaining([["reader@example.com", "sent"], [owner.email, "sent"]]));

    // One click removes that recipient from that schedule, audited; the next report goes to the rest.
    const token = /\/unsubscribe\/([0-9a-f]{64})>/.exec(listUnsubscribe)![1];
    expect(await unsubscribe(token)).toEqual({ email: "reader@example.com", scheduleName: "Morning briefing" });
    expect(await unsubscribe(token)).toBeNull();
    const trail = await db().query<{ action: string; actor_type: string; details: { email: string } }>(
      "select action, actor_type, details from audit_log where entity_id = $1 and action = 'schedule.unsubscribe'",
      [schedule.id],
    );
    expect(trail.rows).toEqual([expect.objectContaining({ actor_type: "system", details: expect.objectContaining({ email: "reader@example.com" }) })]);
    expect((await getScheduleView(owner, workspaceId, schedule.id)).destinations).toEqual([{ type: "email", to: [owner.email] }]);
  });

  it("retries an SMTP 421 with backoff until it is accepted (exactly one email), and stops at once on a 550", async () => {
    const schedule = await newSchedule({ schedule_name: "Retry", destinations: [{ type: "email", to: ["busy@example.com"] }] });
    await makeDue(db(), schedule.id);
    smtp.refuseNext(2, 421, "Try again later");
    expect((await tickAt()).deliveries).toMatchObject({ sent: 0, retrying: 1 });
    expect(await ledger(schedule.id)).toEqual([expect.objectContaining({ status: "pending", attempts: 1, last_error: expect.stringContaining("421") })]);
    // Not due again until its backoff has passed: a tick right away sends nothing.
    expect((await tickAt()).deliveries).toMatchObject({ sent: 0, retrying: 0 });
    expect((await tickAt(2 * HOUR)).deliveries).toMatchObject({ sent: 0, retrying: 1 });
    expect((await tickAt(4 * HOUR)).deliveries).toMatchObject({ sent: 1, retrying: 0 });
    expect(smtp.to("busy@example.com")).toHaveLength(1);
    expect(await ledger(schedule.id)).toEqual([expect.objectContaining({ status: "sent", attempts: 3 })]);

    const refused = await newSchedule({ schedule_name: "Refused", destinations: [{ type: "email", to: ["nobody@example.com"] }] });
    await makeDue(db(), refused.id);
    smtp.refuseNext(1, 550, "No such user");
    expect((await tickAt()).deliveries).toMatchObject({ failed: 1 });
    expect(await ledger(refused.id)).toEqual([expect.objectContaining({ status: "failed", attempts: 1, last_error: expect.stringMatching(/550.*No such user/) })]);
    await tickAt(6 * HOUR);
    expect(await ledger(refused.id)).toEqual([expect.objectContaining({ status: "failed", attempts: 1 })]);
    // A failed delivery never fails the run.
    expect((await runsOf(db(), refused.id))[0].status).toBe("success");
  });

  it("posts a Block Kit message to Slack and a signed JSON body to a webhook; 503 is retried, 400 is not", async () => {
    const secret = "whsec_0123456789abcdef";
    const schedule = await newSchedule({
      schedule_name: "Hooks",
      destinations: [
        { type: "slack", webhook_url: http.url("/slack") },
        { type: "webhook", url: http.url("/hook"), secret },
        { type: "webhook", url: http.url("/bad"), secret },
      ],
    });
    expect(schedule.destinations).toEqual([
      { type: "slack", label: slackLabel(http.url("/slack")), has_url: true },
      { type: "webhook", url: http.url("/bad"), has_secret: true },
      { type: "webhook", url: http.url("/hook"), has_secret: true },
    ]);
    expect(JSON.stringify(schedule)).not.toContain(secret);
    expect(JSON.stringify(schedule)).not.toContain(http.url("/slack"));
    http.answer("/hook", 503);
    http.answer("/bad", 400);
    await makeDue(db(), schedule.id);
    // Slack is delivered; so is the owner's alert that /bad refused the report for good.
    expect((await tickAt()).deliveries).toEqual({ sent: 2, retrying: 1, failed: 1, gave_up: 0 });
    expect(smtp.to(owner.email).at(-1)?.subject).toBe("Autopilot: Reports of “Hooks” are not being delivered");

    const slack = JSON.parse(http.at("/slack")[0].body);
    expect(slack.text).toMatch(/^Weekly Tech Briefing — .+: \d+ items?$/);
    expect(slack.blocks.map((b: { type: string }) => b.type)).toEqual(expect.arrayContaining(["header", "context", "actions"]));
    const [run] = await runsOf(db(), schedule.id);
    expect(JSON.stringify(slack)).toMatch(/"url":"https:\/\/autopilot\.example\.com\/r\/[A-Za-z0-9_-]{43}"/);

    await tickAt(2 * HOUR);
    const hooks = http.at("/hook");
    expect(hooks).toHaveLength(2);
    const delivered = hooks[1];
    const payload = JSON.parse(delivered.body);
    expect(payload).toMatchObject({ event: "report.generated", test: false, run: { id: run.id, status: "success" }, schedule: { id: schedule.id, name: "Hooks" }, specification: { name: "Weekly Tech Briefing" } });
    expect(payload.report_url).toBe(`https://autopilot.example.com/w/${workspaceId}/reports/${run.id}`);
    // The receiver verifies the signature with its secret: HMAC-SHA256 of "<t>.<body>".
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(delivered.headers["autopilot-signature"]))!;
    expect(createHmac("sha256", secret).update(`${t}.${delivered.body}`).digest("hex")).toBe(v1);
    expect(delivered.headers["autopilot-delivery-id"]).toBe(hooks[0].headers["autopilot-delivery-id"]);
    expect(http.at("/bad")).toHaveLength(1);
    expect((await ledger(schedule.id)).map((d) => [d.type === "slack" ? d.target : d.target.replace(/.*\//, "/"), d.status, d.attempts])).toEqual([
      [slackLabel(http.url("/slack")), "sent", 1],
      ["/bad", "failed", 1],
      ["/hook", "sent", 2],
    ]);
  });

  it("keeps retrying a receiver that answers 503 across the first day, gives up in the second, and never tries again", async () => {
    const schedule = await newSchedule({ schedule_name: "Down", destinations: [{ type: "webhook", url: http.url("/down"), secret: "0123456789abcdef" }] });
    http.answer("/down", ...Array.from({ length: 40 }, () => 503));
    await makeDue(db(), schedule.id);
    await tickAt();
    // Only the delivery's retries are under test from here: the schedule's own next slots stay out of it.
    await db().query("update autopilot_schedules set enabled = false where id = $1", [schedule.id]);
    const states: string[] = [];
    for (let hours = 2; hours <= 48; hours += 2) {
      await tickAt(hours * HOUR);
      const [delivery] = await ledger(schedule.id);
      states.push(`${hours}h:${delivery.status}`);
    }
    const [delivery] = await ledger(schedule.id);
    expect(delivery).toMatchObject({ status: "gave_up", last_error: expect.stringMatching(/HTTP 503.*gave up after \d+ attempts over a day/) });
    // Pending through the first day, given up once the next wait would pass a day, then left alone.
    expect(states.slice(0, 11).every((state) => state.endsWith(":pending"))).toBe(true);
    expect(states.at(-1)).toBe("48h:gave_up");
    const attemptsAtGiveUp = delivery.attempts;
    expect(attemptsAtGiveUp).toBeGreaterThan(10);
    expect(http.at("/down")).toHaveLength(attemptsAtGiveUp);
    const firstGaveUp = states.findIndex((state) => state.endsWith(":gave_up"));
    expect(firstGaveUp).toBeGreaterThanOrEqual(11); // not before 24 h
    expect(firstGaveUp).toBeLessThanOrEqual(12); // within the hour after 24 h the next wait would cross the day
  });

  it("refuses bad destinations with a 400 naming the field, keeps a webhook's secret on PATCH, and replaces the list", async () => {
    const bad = [
      [{ type: "email", to: ["not-an-address"] }, "destinations.0.to.0"],
      [{ type: "email", to: Array.from({ length: 51 }, (_, i) => `r${i}@example.com`) }, "destinations.0.to"],
      [{ type: "webhook", url: "ftp://example.com/x", secret: "0123456789abcdef" }, "destinations.0.url"],
      [{ type: "webhook", url: "https://example.com/x", secret: "short" }, "destinations.0.secret"],
      [{ type: "pigeon" }, "destinations.0.type"],
    ] as const;
    for (const [destination, field] of bad) {
      const parsed = scheduleCreateSchema.safeParse({
        specification_id: specId,
        schedule_name: "Bad",
        schedule_type: "daily",
        schedule_config: { time: "09:00", timezone: "UTC" },
        destinations: [destination],
      });
      expect(parsed.success).toBe(false);
      expect(parsed.error!.issues.map((issue) => issue.path.join("."))).toContain(field);
    }
    const schedule = await newSchedule({ schedule_name: "Patch", destinations: [{ type: "webhook", url: "https://hooks.example.com/a", secret: "0123456789abcdef" }] });
    // A new webhook without a secret is refused and nothing changes.
    await expect(
      updateSchedule(owner, workspaceId, schedule.id, schedulePatchSchema.parse({ destinations: [{ type: "webhook", url: "https://hooks.example.com/b" }] })),
    ).rejects.toMatchObject({ code: "validation_failed", fields: { destinations: expect.stringContaining("needs a secret") } });
    expect((await getScheduleView(owner, workspaceId, schedule.id)).destinations).toEqual([{ type: "webhook", url: "https://hooks.example.com/a", has_secret: true }]);
    // The same webhook without its secret keeps it; an email list is added.
    const patched = await updateSchedule(
      owner,
      workspaceId,
      schedule.id,
      schedulePatchSchema.parse({ destinations: [{ type: "webhook", url: "https://hooks.example.com/a" }, { type: "email", to: ["x@example.com"] }] }),
    );
    expect(patched.destinations).toEqual([{ type: "email", to: ["x@example.com"] }, { type: "webhook", url: "https://hooks.example.com/a", has_secret: true }]);
    const { rows } = await db().query<{ secret: string }>("select secret from autopilot_destinations where schedule_id = $1 and type = 'webhook'", [schedule.id]);
    expect(rows[0].secret).toBe("0123456789abcdef");
  });

  it("delivers a test run only to the person who pressed it, labelled as a test", async () => {
    const schedule = await newSchedule({ schedule_name: "Tested", destinations: [{ type: "email", to: ["team@example.com"] }, { type: "slack", webhook_url: http.url("/tested") }] });
    const started = await startTestRun(owner, workspaceId, schedule.id);
    const ended = await started.complete();
    expect(ended.status).toBe("success");
    const mine = smtp.to(owner.email).filter((mail) => mail.subject?.startsWith("[Test] "));
    expect(mine).toHaveLength(1);
    expect(mine[0].html).toContain("Test run: only you received this.");
    expect(smtp.to("team@example.com")).toHaveLength(0);
    expect(http.at("/tested")).toHaveLength(0);
    expect(await ledger(schedule.id)).toEqual([expect.objectContaining({ type: "email", target: owner.email, status: "sent", is_test: true })]);
  });

  it("a test run asked to reach the channels too posts to Slack and webhooks marked as a test; other email recipients still get nothing", async () => {
    const schedule = await newSchedule({
      schedule_name: "Tested loudly",
      destinations: [{ type: "email", to: ["team@example.com"] }, { type: "slack", webhook_url: http.url("/loud-slack") }, { type: "webhook", url: http.url("/loud-hook"), secret: "0123456789abcdef" }],
    });
    const ended = await (await startTestRun(owner, workspaceId, schedule.id, { channels: true })).complete();
    expect(ended.status).toBe("success");
    expect(JSON.parse(http.at("/loud-slack")[0].body).text).toMatch(/^\[Test\] /);
    expect(JSON.parse(http.at("/loud-hook")[0].body)).toMatchObject({ test: true, run: { id: ended.id } });
    expect(smtp.to("team@example.com")).toHaveLength(0);
    expect((await ledger(schedule.id)).map((d) => [d.type, d.status, d.is_test])).toEqual([
      ["email", "sent", true],
      ["slack", "sent", true],
      ["webhook", "sent", true],
    ]);
    // Test sends never make a schedule "delivery failing".
    expect((await getScheduleView(owner, workspaceId, schedule.id)).state).toBe("active");
  });

  it("8 overlapping ticks send each (run, destination) exactly once", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const schedule = await newSchedule({ schedule_name: `Crowd ${i}`, destinations: [{ type: "webhook", url: http.url(`/crowd/${i}`), secret: "0123456789abcdef" }, { type: "email", to: [`crowd${i}@example.com`] }] });
      ids.push(schedule.id);
      await makeDue(db(), schedule.id);
    }
    const summaries = await Promise.all(Array.from({ length: 8 }, () => tickAt()));
    expect(summaries.reduce((sum, s) => sum + s.deliveries.sent, 0)).toBe(12);
    for (let i = 0; i < 6; i++) {
      expect(http.at(`/crowd/${i}`)).toHaveLength(1);
      expect(smtp.to(`crowd${i}@example.com`)).toHaveLength(1);
      expect((await ledger(ids[i])).map((d) => [d.status, d.attempts])).toEqual([["sent", 1], ["sent", 1]]);
    }
  });

  it("sends a test to one destination from the editor: the latest report, marked as a test, signed with the kept secret, and limited per person", async () => {
    const secret = "kept-secret-0123456789";
    const schedule = await newSchedule({ schedule_name: "Try me", destinations: [{ type: "webhook", url: http.url("/try"), secret }] });
    // Before any report: a message with no items that links to the schedule.
    const slack = await sendTestDelivery(owner, workspaceId, { destination: { type: "slack", webhook_url: http.url("/try-slack") } });
    expect(slack).toEqual({ results: [{ target: slackLabel(http.url("/try-slack")), ok: true, error: null }] });
    expect(JSON.parse(http.at("/try-slack")[0].body).text).toMatch(/^\[Test\] /);

    await makeDue(db(), schedule.id);
    await tickAt();
    const [run] = await runsOf(db(), schedule.id);
    // A saved webhook is tested without sending its secret again: the schedule's is used.
    const hook = await sendTestDelivery(owner, workspaceId, { destination: { type: "webhook", url: http.url("/try") }, schedule_id: schedule.id });
    expect(hook.results[0]).toMatchObject({ ok: true });
    const tested = http.at("/try").at(-1)!;
    expect(JSON.parse(tested.body)).toMatchObject({ test: true, run: { id: run.id }, schedule: { id: schedule.id } });
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(tested.headers["autopilot-signature"]))!;
    expect(createHmac("sha256", secret).update(`${t}.${tested.body}`).digest("hex")).toBe(v1);

    // Email goes to the listed addresses, labelled; a refusal is reported, not thrown.
    smtp.refuseNext(1, 550, "No such user");
    const email = await sendTestDelivery(owner, workspaceId, { destination: { type: "email", to: ["nobody@example.com"] }, schedule_id: schedule.id });
    expect(email.results[0]).toMatchObject({ ok: false, error: expect.stringContaining("550") });
    await sendTestDelivery(owner, workspaceId, { destination: { type: "email", to: ["tester@example.com"] }, schedule_id: schedule.id });
    const [tested1] = smtp.to("tester@example.com");
    expect(tested1.subject).toMatch(/^\[Test\] Try me — /);
    expect(tested1.attachments).toHaveLength(1);
    // It says what it is, to whom it went, and carries the real report and a working link to it.
    expect(tested1.html).toContain("Test delivery: the schedule&#39;s latest report, sent now to check this destination.");
    expect(tested1.html).not.toContain("only you");
    expect(tested1.html).toContain("The full report is attached");
    expect(tested1.html).toMatch(/https:\/\/autopilot\.example\.com\/r\/[A-Za-z0-9_-]{43}/);

    // A new webhook needs its secret; an outsider cannot test in this workspace; ten tests in ten minutes at most.
    await expect(sendTestDelivery(owner, workspaceId, { destination: { type: "webhook", url: http.url("/new") } })).rejects.toMatchObject({ code: "validation_failed", fields: { "destination.secret": expect.any(String) } });
    const outsider = await createUser(db(), { name: "outsider" });
    await expect(sendTestDelivery(outsider, workspaceId, { destination: { type: "slack", webhook_url: http.url("/try-slack") } })).rejects.toMatchObject({ code: "not_found" });
    const audited = await db().query<{ count: number }>("select count(*)::int as count from audit_log where action = 'destination.test' and actor_id = $1", [owner.id]);
    expect(audited.rows[0].count).toBe(4);
    for (let i = audited.rows[0].count; i < TESTS_PER_WINDOW; i++) await sendTestDelivery(owner, workspaceId, { destination: { type: "slack", webhook_url: http.url("/try-slack") } });
    await expect(sendTestDelivery(owner, workspaceId, { destination: { type: "slack", webhook_url: http.url("/try-slack") } })).rejects.toMatchObject({ code: "too_many_attempts" });
    expect(http.at("/try-slack")).toHaveLength(1 + TESTS_PER_WINDOW - 4);
  });
});

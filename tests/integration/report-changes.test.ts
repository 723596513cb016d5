import { afterAll, beforeAll, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/db/transactions";
import type { ReportDigest } from "@/lib/db/report-files";
import { runTick } from "@/lib/engine/run-tick";
import { createSpecification } from "@/lib/specifications/specifications";
import { specificationSchema } from "@/lib/validation/specification";
import { createWorkspace } from "@/lib/workspaces/workspaces";
import { createDailySchedule } from "./helpers/schedules";
import { describeEachDatabase } from "./helpers/test-database";
import { createUser } from "./helpers/users";
import { sendEmailThrough } from "./helpers/email-settings";
import { startHttpReceiver } from "./helpers/http-receiver";
import { startSmtpSink } from "./helpers/smtp-sink";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** 09:00 in Berlin on 1 March 2027 (UTC+1): the first slot. */
const FIRST_SLOT = Date.UTC(2027, 2, 1, 8);

describeEachDatabase("what changed since the last report", (db) => {
  let owner: Actor, workspaceId: string, scheduleId: string;
  let http: Awaited<ReturnType<typeof startHttpReceiver>>;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;

  afterAll(async () => {
    vi.unstubAllEnvs();
    await http?.close();
    await smtp?.close();
  });

  beforeAll(async () => {
    http = await startHttpReceiver();
    smtp = await startSmtpSink();
    sendEmailThrough(smtp);
    vi.stubEnv("AUTOPILOT_ALLOW_PRIVATE_ADDRESSES", "1");
    owner = await createUser(db(), { name: "changes" });
    workspaceId = (await createWorkspace(owner, { name: "Changes" })).id;
    const spec = await createSpecification(owner, workspaceId, specificationSchema.parse({ name: "Daily AI", categories: [{ id: "ai", name: "AI", keywords: [] }], regions: ["World"], frequency: "daily" }));
    scheduleId = (
      await createDailySchedule(owner, workspaceId, spec.id, {
        schedule_name: "Daily AI",
        destinations: [{ type: "webhook", url: http.url("/changes"), secret: "0123456789abcdef" }, { type: "email", to: ["reader@example.com"] }],
      })
    ).id;
    await db().query("update autopilot_schedules set next_run_at = $2 where id = $1", [scheduleId, new Date(FIRST_SLOT)]);
  });

  /** Stores (or re-dates) an item, as a feed refresh would. */
  const publish = (key: string, at: number) =>
    db().query(
      `insert into content_items (workspace_id, category_id, region, title, url, published_at) values ($1, 'ai', 'World', $2, $3, $4)
       on conflict (workspace_id, url) do update set published_at = excluded.published_at`,
      [workspaceId, `Story ${key}`, `https://news.example/${key}`, new Date(at)],
    );
  /** Ticks just after day `n`'s slot and returns that day's report. */
  const reportOfDay = async (n: number) => {
    const slot = FIRST_SLOT + n * DAY;
    await runTick(db(), { now: () => new Date(slot + 60_000) });
    const { rows } = await db().query<{ html: string; digest: ReportDigest; status: string }>(
      `select f.html, f.digest, r.status from newsletter_runs r join report_files f on f.run_id = r.id
       where r.autopilot_schedule_id = $1 and r.scheduled_for = $2`,
      [scheduleId, new Date(slot)],
    );
    expect(rows).toHaveLength(1);
    return rows[0];
  };
  const newTitles = (digest: ReportDigest) => digest.sections.flatMap((s) => s.items.filter((i) => i.new).map((i) => i.title)).sort();

  it("lists exactly the new and the dropped items, day after day, in the report, its digest and its webhook payload", async () => {
    await publish("A", FIRST_SLOT - HOUR);
    await publish("B", FIRST_SLOT - 2 * HOUR);
    const day1 = await reportOfDay(0);
    expect(day1.digest.changes ?? null).toBeNull(); // the first report has nothing to compare with
    expect(day1.html).not.toContain("What changed");

    await publish("C", FIRST_SLOT + DAY - HOUR);
    await publish("B", FIRST_SLOT + DAY - 2 * HOUR); // B is in the news again; A is not
    const day2 = await reportOfDay(1);
    expect(day2.digest.changes).toMatchObject({ new_count: 1, dropped_count: 1, dropped: [{ title: "Story A", url: "https://news.example/A" }] });
    expect(newTitles(day2.digest)).toEqual(["Story C"]);
    expect(day2.html).toContain("What changed since the last report</strong> (2027-03-01 09:01 (Europe/Berlin)): 1 new item, marked NEW below; 1 no longer in it.");
    expect(day2.html).toMatch(/NEW<\/span>Story C/);
    expect(day2.html).not.toMatch(/NEW<\/span>Story B/);
    expect(day2.html).toContain(">Story A</a></li>");
    // The webhook and the email say the same.
    const payload = JSON.parse(http.at("/changes").at(-1)!.body);
    expect(payload.changes).toMatchObject({ new_count: 1, dropped_count: 1, dropped: [{ title: "Story A" }] });
    expect(payload.sections[0].items.filter((i: { new: boolean }) => i.new).map((i: { title: string }) => i.title)).toEqual(["Story C"]);
    const email = smtp.to("reader@example.com").at(-1)!;
    expect(email.text).toMatch(/What changed since the last report: 1 new, 1 no longer in it \(Story A\)\./);
    expect(email.text).toMatch(/NEW Story C/);

    await publish("D", FIRST_SLOT + 2 * DAY - HOUR);
    const day3 = await reportOfDay(2);
    expect(day3.digest.changes).toMatchObject({ new_count: 1, dropped_count: 2 });
    expect(day3.digest.changes!.dropped.map((d) => d.title).sort()).toEqual(["Story B", "Story C"]);
    expect(newTitles(day3.digest)).toEqual(["Story D"]);
    expect(day3.digest.sections[0].new_count).toBe(1);
  });
});

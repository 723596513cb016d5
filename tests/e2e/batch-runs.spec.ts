import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { startAppOnFreshDatabase } from "./app-on-postgres";
import { expectNoViolations, signUpInBrowser, snapshot, uniqueEmail } from "./helpers";

const PORT = 3195;
const SECRET = "batch-secret";
const BASE = `http://127.0.0.1:${PORT}`;

// The production build on a Postgres server (CI sets TEST_DATABASE_URL), so the test can stand in for the
// clock: it moves the schedule's next run to now instead of waiting for its slot.
test.describe("batch runs across specifications", () => {
  test.skip(!process.env.TEST_DATABASE_URL, "needs TEST_DATABASE_URL (a Postgres server)");
  test.use({ baseURL: BASE, timezoneId: "Europe/Berlin" });
  let app: Awaited<ReturnType<typeof startAppOnFreshDatabase>> | undefined;
  let db: pg.Client;
  let receiver: Server;
  const received: { reports?: { specification: { name: string }; status: string }[] }[] = [];

  test.beforeAll(async () => {
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        received.push(JSON.parse(Buffer.concat(chunks).toString("utf8")));
        response.end("ok");
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    app = await startAppOnFreshDatabase({ port: PORT, name: "batch", env: { CRON_SECRET: SECRET, SMTP_URL: "", AUTOPILOT_ALLOW_PRIVATE_ADDRESSES: "1" } });
    db = new pg.Client({ connectionString: app.databaseUrl });
    await db.connect();
  });

  test.afterAll(async () => {
    await db?.end();
    await app?.stop();
    receiver?.close();
  });

  test("pick further specifications in the editor; one slot makes a report of each, history lists them, one webhook call carries them all", async ({ page }) => {
    test.setTimeout(120_000);
    const ws = await signUpInBrowser(page, uniqueEmail("batch"));
    const sample = (await (await page.request.get(`/api/workspaces/${ws}/specifications`)).json()).items[0];
    for (const [name, frequency] of [["Markets daily", "daily"], ["Weekly roundup", "weekly"]]) {
      const created = await page.request.post(`/api/workspaces/${ws}/specifications`, {
        data: { name, frequency, categories: sample.categories, regions: sample.regions, feeds: sample.feeds },
      });
      expect(created.status(), await created.text()).toBe(201);
    }

    await page.goto(`/w/${ws}/autopilot/new`);
    await page.getByLabel("Specification", { exact: true }).selectOption({ label: "Weekly Tech Briefing" });
    await page.getByLabel("Schedule name").fill("Morning pack");
    await page.getByLabel("Cadence").selectOption("daily");
    const batch = page.getByRole("group", { name: "Also report on" });
    await expect(batch.getByRole("checkbox")).toHaveCount(2);
    await batch.getByLabel("Markets daily (daily)").check();
    await batch.getByLabel("Weekly roundup (weekly)").check();
    await expect(page.getByTestId("batch-specifications")).toContainText("Each slot makes one report per specification");
    // The preview says per slot which reports are made: the weekly roundup once a week.
    await expect(page.getByTestId("next-run-reports").first()).toContainText("Reports: Weekly Tech Briefing, Markets daily, Weekly roundup");
    // Five daily slots span at most two ISO weeks: some slot's roundup is the week's second, made by an earlier slot.
    await expect(page.getByTestId("next-run-reports").filter({ hasText: "Not “Weekly roundup”: “This schedule” at" }).first()).toBeVisible();
    await expectNoViolations(page, "editor with further specifications");
    await snapshot(page, "100-batch-editor");
    await page.getByRole("button", { name: "Create schedule" }).click();
    await expect(page.getByText("Schedule created.")).toBeVisible();
    await expect(page.getByText("Weekly Tech Briefing, Markets daily, Weekly roundup").first()).toBeVisible();
    const scheduleId = new URL(page.url()).pathname.split("/")[4];
    await expect(page.getByTestId("test-run-scope")).toHaveText("Test run makes all 3 reports, its own and “Markets daily”, “Weekly roundup”, one after another, and emails them to you together.");

    // A webhook through the API (its receiver is this test), then the slot comes: the clock is moved, not waited for.
    const patched = await page.request.patch(`/api/workspaces/${ws}/schedules/${scheduleId}`, {
      data: { destinations: [{ type: "webhook", url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/batch`, secret: "batch-webhook-secret-01" }] },
    });
    expect(patched.status(), await patched.text()).toBe(200);
    await db.query("update autopilot_schedules set next_run_at = now() - interval '1 minute' where id = $1", [scheduleId]);
    const tick = await (await fetch(`${BASE}/api/cron/tick`, { headers: { authorization: `Bearer ${SECRET}` } })).json();
    expect(tick).toMatchObject({ claimed: 1, succeeded: 1, deliveries: { sent: 1 } });

    await page.reload();
    await expect(page.getByTestId("run-specification")).toHaveCount(3);
    // Each slot's reports in the order its email lists them.
    expect(await page.getByTestId("run-specification").allInnerTexts()).toEqual(["Weekly Tech Briefing", "Markets daily", "Weekly roundup"]);
    await expect(page.getByRole("link", { name: /Open report/ })).toHaveCount(3);
    await expectNoViolations(page, "batch schedule's history");
    await snapshot(page, "101-batch-history");
    await page.setViewportSize({ width: 375, height: 900 });
    await expectNoViolations(page, "batch schedule's history at 375 px");
    await snapshot(page, "101-batch-history-375");
    await page.setViewportSize({ width: 1280, height: 900 });

    expect(received).toHaveLength(1);
    expect(received[0].reports?.map((r) => `${r.specification.name}: ${r.status}`)).toEqual([
      "Weekly Tech Briefing: success",
      "Markets daily: success",
      "Weekly roundup: success",
    ]);

    // Test run makes every report of the batch; the history lists them together, above the slot's.
    await page.getByRole("button", { name: "Test run Morning pack" }).click();
    await expect(page.getByRole("status").getByRole("link", { name: /Open report/ })).toBeVisible({ timeout: 30_000 });
    await page.reload();
    await expect(page.getByTestId("run-specification")).toHaveCount(6);
    expect(await page.getByTestId("run-specification").allInnerTexts()).toEqual(["Weekly Tech Briefing", "Markets daily", "Weekly roundup", "Weekly Tech Briefing", "Markets daily", "Weekly roundup"]);
    const testRuns = await db.query("select specification_name, status from newsletter_runs where autopilot_schedule_id = $1 and trigger = 'test' order by coalesce(batch_position, 0)", [scheduleId]);
    expect(testRuns.rows).toEqual([
      { specification_name: "Weekly Tech Briefing", status: "success" },
      { specification_name: "Markets daily", status: "success" },
      { specification_name: "Weekly roundup", status: "success" },
    ]);
    await snapshot(page, "104-batch-test-run");

    // The calendar names the reports each slot makes: the roundup once a week. Which slot comes first depends on
    // the hour the test runs (a slot later today finds all three periods taken and is marked skipped, naming
    // this schedule), so the entries are found by what they say, not by their place.
    await page.goto(`/w/${ws}/autopilot/calendar`);
    const entries = page.getByTestId("calendar-entry").filter({ hasText: "Morning pack" });
    const made = entries.filter({ hasText: "✓ Makes the report" }).getByTestId("calendar-reports");
    await expect(made.filter({ hasText: /^Weekly Tech Briefing, Markets daily, Weekly roundup$/ }).first()).toBeVisible();
    await expect(made.filter({ hasText: /^Markets daily$/ }).first()).toBeVisible();
    await expect(entries.filter({ hasText: "Skipped:" }).filter({ hasNotText: "“Morning pack”" })).toHaveCount(0);
    await snapshot(page, "103-batch-calendar");

    await page.goto(`/w/${ws}/autopilot`);
    await expect(page.getByRole("row", { name: /^Select Morning pack / }).getByTestId("batch-specifications")).toHaveText("and Markets daily, Weekly roundup");
    await snapshot(page, "102-batch-list");
  });
});

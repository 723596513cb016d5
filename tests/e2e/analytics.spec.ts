import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { startAppOnFreshDatabase } from "./app-on-postgres";
import { PASSWORD, snapshot, uniqueEmail } from "./helpers";

const PORT = 3197;
const BASE = `http://127.0.0.1:${PORT}`;

// The production build against a Postgres server (CI sets TEST_DATABASE_URL), where the test writes twenty
// days of scheduled runs and deliveries directly: the analytics page and API show what they add up to.
test.describe("workspace analytics", () => {
  test.skip(!process.env.TEST_DATABASE_URL, "needs TEST_DATABASE_URL (a Postgres server)");
  let app: Awaited<ReturnType<typeof startAppOnFreshDatabase>> | undefined;

  test.beforeAll(async () => {
    app = await startAppOnFreshDatabase({ port: PORT, name: "analytics", env: { SMTP_URL: "" } });
  });
  test.afterAll(async () => {
    await app?.stop();
  });

  test("rates, durations, lateness and skips by window and by schedule, with a chart per metric", async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto(`${BASE}/sign-up`);
    await page.getByLabel("Email").fill(uniqueEmail("analytics"));
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByRole("heading", { name: "Specifications" })).toBeVisible();
    const ws = new URL(page.url()).pathname.split("/")[2];
    const spec = (await (await page.request.get(`${BASE}/api/workspaces/${ws}/specifications`)).json()).items[0];
    const create = async (name: string) =>
      (await (await page.request.post(`${BASE}/api/workspaces/${ws}/schedules`, { data: { specification_id: spec.id, schedule_name: name, schedule_type: "daily", schedule_config: { time: "09:00", timezone: "UTC" } } })).json()).id as string;
    const steady = await create("Steady");
    await create("Shaky");

    // Twenty days back from yesterday: Steady succeeds every day (2 s, a minute late) and delivers; Shaky fails
    // on even days (and is skipped on odd ones, its period taken by Steady). One of Steady's deliveries failed.
    const db = new pg.Client({ connectionString: app!.databaseUrl });
    await db.connect();
    try {
      await db.query(
        `with days as (select i, date_trunc('day', now()) - make_interval(days => i) + interval '9 hours' as slot from generate_series(1, 20) i)
         insert into public.newsletter_runs (workspace_id, specification_id, specification_name, autopilot_schedule_id, trigger, status, scheduled_for, created_at, started_at, finished_at, duration_ms, error)
         select $1, $2, 'Weekly Tech Briefing', s.id, 'autopilot', x.status, d.slot, d.slot, d.slot + interval '1 minute', d.slot + interval '1 minute' + make_interval(secs => x.secs), x.secs * 1000, x.error
         from days d cross join public.autopilot_schedules s
         cross join lateral (select
             case when s.id = $3 then 'success' when d.i % 2 = 0 then 'failed' else 'skipped' end as status,
             case when s.id = $3 then 2 else 5 end as secs,
             case when s.id = $3 then null when d.i % 2 = 0 then 'Generation failed' else 'Frequency limit: this week''s report exists' end as error) x
         where s.workspace_id = $1`,
        [ws, spec.id, steady],
      );
      await db.query(
        `insert into public.deliveries (workspace_id, run_id, schedule_id, type, target, status)
         select r.workspace_id, r.id, r.autopilot_schedule_id, 'email', 'desk@example.com',
                case when r.scheduled_for = (select max(scheduled_for) from public.newsletter_runs where autopilot_schedule_id = $1) then 'gave_up' else 'sent' end
         from public.newsletter_runs r where r.autopilot_schedule_id = $1`,
        [steady],
      );
    } finally {
      await db.end();
    }

    await page.goto(`${BASE}/w/${ws}/autopilot`);
    await page.getByRole("link", { name: "Analytics" }).click();
    await expect(page.getByRole("heading", { name: "Analytics", level: 1 })).toBeVisible();
    // 30 days: 20 successes, 10 failures, 10 skips; 19 of 20 deliveries.
    const tiles = page.getByTestId("analytics-tile");
    await expect(tiles.filter({ hasText: "Success rate" })).toContainText("66.7%");
    await expect(tiles.filter({ hasText: "Success rate" })).toContainText("20 succeeded, 10 failed of 40 runs");
    await expect(tiles.filter({ hasText: "Delivery rate" })).toContainText("95%");
    await expect(tiles.filter({ hasText: "Lateness" })).toContainText("1 min");
    await expect(page.getByTestId("analytics-chart")).toHaveCount(5);
    await expect(page.getByRole("img", { name: /^Skipped, by reason: 10 skipped: 10 another run made the period's report\.$/ })).toBeVisible();
    const table = page.getByTestId("analytics-table");
    await expect(table.getByRole("row", { name: /Shaky/ })).toContainText("0%");
    await expect(table.getByRole("row", { name: /Steady/ })).toContainText("2.0 s / 2.0 s");
    await snapshot(page, "98-analytics");
    const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    expect(violations.map((v) => v.id)).toEqual([]);

    // The last 7 days: the yesterday-back week only.
    await page.getByRole("link", { name: "7 days" }).click();
    await expect(page.getByRole("link", { name: "7 days" })).toHaveAttribute("aria-current", "page");
    await expect(tiles.filter({ hasText: "Success rate" })).toContainText("of 12 runs");
    // One schedule.
    await page.getByLabel("Schedule").selectOption({ label: "Shaky" });
    await page.getByRole("button", { name: "Show" }).click();
    await expect(tiles.filter({ hasText: "Success rate" })).toContainText("0 succeeded, 3 failed of 6 runs");
    await expect(table.getByRole("row")).toHaveCount(2);

    // The API says the same, and refuses a window it does not have.
    const api = await (await page.request.get(`${BASE}/api/workspaces/${ws}/analytics?days=30`)).json();
    expect(api.overall).toMatchObject({ runs: 40, success: 20, failed: 10, skipped: 10, deliveries_sent: 19, deliveries_failed: 1, median_lateness_ms: 60000 });
    expect(api.daily).toHaveLength(30);
    const bad = await page.request.get(`${BASE}/api/workspaces/${ws}/analytics?days=12`);
    expect(bad.status()).toBe(400);
    expect((await bad.json()).error.fields).toHaveProperty("days");
  });
});

import { expect, test } from "@playwright/test";
import pg from "pg";
import { startAppOnFreshDatabase } from "./app-on-postgres";
import { PASSWORD, snapshot, uniqueEmail } from "./helpers";

const PORT = 3198;
const BASE = `http://127.0.0.1:${PORT}`;
const RUNS = 60;

// The production build against a Postgres server (CI sets TEST_DATABASE_URL), where the test can write a long
// history directly: a person pages the Reports list by Older / Oldest / Newer / Newest and sees every run once.
test.describe("a long report history pages by cursor", () => {
  test.skip(!process.env.TEST_DATABASE_URL, "needs TEST_DATABASE_URL (a Postgres server)");
  let app: Awaited<ReturnType<typeof startAppOnFreshDatabase>> | undefined;

  test.beforeAll(async () => {
    app = await startAppOnFreshDatabase({ port: PORT, name: "pages", env: { SMTP_URL: "" } });
  });

  test.afterAll(async () => {
    await app?.stop();
  });

  test("Older, Oldest, Newer and Newest walk 60 runs 25 at a time, none twice, none lost", async ({ page }) => {
    await page.goto(`${BASE}/sign-up`);
    await page.getByLabel("Email").fill(uniqueEmail("pages"));
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByRole("heading", { name: "Specifications" })).toBeVisible();
    const ws = new URL(page.url()).pathname.split("/")[2];

    // 60 finished runs of the sample specification, one a day back from 2026-12-01; run N is named "Run N".
    const db = new pg.Client({ connectionString: app!.databaseUrl });
    await db.connect();
    try {
      await db.query(
        `insert into public.newsletter_runs (workspace_id, specification_id, specification_name, trigger, status, created_at, started_at, finished_at, duration_ms, item_count)
         select sp.workspace_id, sp.id, 'Run ' || i, 'manual', 'success', t, t, t + interval '2 seconds', 2000, i
         from public.newsletter_specifications sp cross join generate_series(1, $2) i
         cross join lateral (select timestamptz '2026-12-01 09:00:00+00' - make_interval(days => i - 1) as t) at
         where sp.workspace_id = $1 and sp.name = 'Weekly Tech Briefing'`,
        [ws, RUNS],
      );
    } finally {
      await db.end();
    }

    const names = async () => (await page.locator("tbody tr").allInnerTexts()).map((text) => text.match(/Run \d+/)?.[0]);
    const pager = page.getByRole("navigation", { name: /pages/i });
    await page.goto(`${BASE}/w/${ws}/reports`);
    await expect(pager).toContainText(`25 shown of ${RUNS}`);
    const first = await names();
    expect(first).toEqual(Array.from({ length: 25 }, (_, i) => `Run ${i + 1}`));
    await expect(pager.getByRole("link", { name: "Newer" })).toHaveCount(0);

    await pager.getByRole("link", { name: "Older" }).click();
    await expect(page.locator("tbody tr").first()).toContainText("Run 26");
    const second = await names();
    await snapshot(page, "93-reports-older-page");

    await pager.getByRole("link", { name: "Older" }).click();
    await expect(page.locator("tbody tr").first()).toContainText("Run 51");
    const third = await names();
    // The last page: nothing older.
    await expect(pager.getByRole("link", { name: "Older" })).toHaveCount(0);
    expect([...first, ...second, ...third]).toEqual(Array.from({ length: RUNS }, (_, i) => `Run ${i + 1}`));

    // Newer goes back to exactly the page before; Oldest shows the last 25; Newest the first page.
    await pager.getByRole("link", { name: "Newer" }).click();
    await expect(page.locator("tbody tr").first()).toContainText("Run 26");
    expect(await names()).toEqual(second);
    await pager.getByRole("link", { name: "Oldest" }).click();
    await expect(page.locator("tbody tr").last()).toContainText(`Run ${RUNS}`);
    expect(await names()).toEqual(Array.from({ length: 25 }, (_, i) => `Run ${RUNS - 24 + i}`));
    await pager.getByRole("link", { name: "Newest" }).click();
    await expect(page.locator("tbody tr").first()).toContainText("Run 1");
    expect(await names()).toEqual(first);

    // A forged cursor is refused with the reason, not a server error.
    const forged = await page.goto(`${BASE}/w/${ws}/reports?cursor=forged`);
    expect(forged?.status()).toBeLessThan(500);
    await expect(page.getByText(/cursor is not one this list gave out/)).toBeVisible();
  });
});

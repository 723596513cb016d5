import { expect, test } from "@playwright/test";
import pg from "pg";
import { startAppOnFreshDatabase } from "./app-on-postgres";
import { signUpInBrowser, snapshot, uniqueEmail } from "./helpers";

const PORT = 3198;
const SECRET = "policies-secret";
const BASE = `http://127.0.0.1:${PORT}`;

// The production build on a Postgres server (CI sets TEST_DATABASE_URL), so the test can stand in for the
// clock: it moves a schedule's next run to now instead of waiting for 09:00, and for the 5 minutes a retry waits.
test.describe("schedule policies in the editor, on the schedule's page and in its history", () => {
  test.skip(!process.env.TEST_DATABASE_URL, "needs TEST_DATABASE_URL (a Postgres server)");
  test.use({ baseURL: BASE, timezoneId: "Europe/Berlin" });
  let app: Awaited<ReturnType<typeof startAppOnFreshDatabase>> | undefined;
  let db: pg.Client;

  test.beforeAll(async () => {
    app = await startAppOnFreshDatabase({ port: PORT, name: "policies", env: { CRON_SECRET: SECRET, SMTP_URL: "" } });
    db = new pg.Client({ connectionString: app.databaseUrl });
    await db.connect();
  });

  test.afterAll(async () => {
    await db?.end();
    await app?.stop();
  });

  const tick = async () => {
    const response = await fetch(`${BASE}/api/cron/tick`, { headers: { authorization: `Bearer ${SECRET}` } });
    expect(response.status).toBe(200);
    return response.json();
  };

  test("set retries and only-when-new, read them on the page, watch a failed slot retried, pause with a note", async ({ page }) => {
    const ws = await signUpInBrowser(page, uniqueEmail("policies"));

    // The owner's defaults for new schedules: the editor starts from them.
    await page.goto(`/w/${ws}/autopilot`);
    await page.getByRole("link", { name: "Defaults" }).click();
    await expect(page.getByRole("heading", { name: "Defaults for new schedules" })).toBeVisible();
    await page.getByLabel("Keep history (days)").fill("30");
    await page.getByRole("button", { name: "Save defaults" }).click();
    await expect(page.getByText("Saved. New schedules start with these policies.")).toBeVisible();

    await page.goto(`/w/${ws}/autopilot/new`);
    await page.getByText("Advanced: retries, skipping, history, dates").click();
    await expect(page.getByLabel("Keep history (days)")).toHaveValue("30");
    await page.getByText("Advanced: retries, skipping, history, dates").click();
    await page.getByLabel("Schedule name").fill("Policy briefing");
    await page.getByLabel("Cadence").selectOption("daily");
    await page.getByLabel("Report period").selectOption("daily");
    // The Advanced section starts collapsed; each option says what it does.
    await expect(page.getByLabel("Retries of a failed run")).toBeHidden();
    await page.getByText("Advanced: retries, skipping, history, dates").click();
    await expect(page.getByText("Tried again after about 5, 10, 20 … minutes, never past the next slot.")).toBeVisible();
    await page.getByLabel("Retries of a failed run").fill("9");
    await page.getByRole("button", { name: "Create schedule" }).click();
    await expect(page.getByText(/must be from 0 to 5/)).toBeVisible();
    await page.getByLabel("Retries of a failed run").fill("3");
    await page.getByLabel("Only when there is something new").check();
    await snapshot(page, "60-editor-advanced");
    await page.getByRole("button", { name: "Create schedule" }).click();
    await expect(page.getByText("Schedule created.")).toBeVisible();
    const scheduleId = new URL(page.url()).pathname.split("/")[4];

    // The page says the policies in words.
    const policies = page.getByTestId("schedule-policies");
    await expect(policies).toContainText("A failed run is tried again up to 3 times (after about 5, 10, 20 … minutes), never past the next slot.");
    await expect(policies).toContainText("Skips the report when nothing is new since the last one.");
    await expect(policies).toContainText("Keeps the last 30 days, and always the latest successful report and any report whose period is not over.");
    await expect(policies).toContainText("Never pauses itself: a failed run does not block the next slot.");

    // Its slot comes (the clock is moved, not waited for) while the specification is broken: the run fails
    // for real and waits for its retry.
    const { rows } = await db.query<{ id: string; categories: unknown }>("select s.id, s.categories from newsletter_specifications s join autopilot_schedules a on a.specification_id = s.id where a.id = $1", [scheduleId]);
    const spec = rows[0];
    await db.query("update newsletter_specifications set categories = (select jsonb_agg(c - 'keywords') from jsonb_array_elements(categories) c) where id = $1", [spec.id]);
    await db.query("update autopilot_schedules set next_run_at = now() - interval '1 minute' where id = $1", [scheduleId]);
    expect(await tick()).toMatchObject({ claimed: 1, failed: 1 });
    await page.reload();
    const row = page.getByRole("row").filter({ hasText: "Retrying" });
    await expect(row).toContainText(/Retrying \(attempt 2\) at/);

    // Fixed, and the retry's 5 minutes skipped: the second attempt succeeds, on the same row.
    await db.query("update newsletter_specifications set categories = $2 where id = $1", [spec.id, JSON.stringify(spec.categories)]);
    await db.query("update autopilot_schedules set next_run_at = now() - interval '1 second' where id = $1 and retry_slot is not null", [scheduleId]);
    expect(await tick()).toMatchObject({ claimed: 1, succeeded: 1 });
    await page.reload();
    const attempts = page.getByTestId("run-attempts");
    await expect(attempts).toHaveCount(1);
    await expect(attempts).toContainText("Attempt 2");
    await expect(attempts.getByRole("list", { name: "Earlier attempts" })).toContainText(/Attempt 1 failed: .+/);
    await expect(page.getByTestId("run-counts")).toContainText(/Scheduled runs\s*1✓ 1 · ✕ 0/);
    await snapshot(page, "61-retried-slot");

    // Pause with a note and a date; the page says why and when it resumes.
    const runs = page.getByRole("group", { name: "Runs" });
    await runs.getByRole("radio", { name: "Paused…" }).click();
    await page.getByLabel("Note (shown on the schedule)").fill("Team offsite");
    await page.getByLabel("Resume by itself on (optional)").fill("2030-01-07");
    await page.getByRole("button", { name: "Pause", exact: true }).click();
    await expect(page.getByText(/“Team offsite”\. It resumes by itself on 2030-01-07 00:00 Europe\/Berlin, from its next slot\./)).toBeVisible();
    await expect(runs.getByRole("radio", { name: "Paused…" })).toBeChecked();
    await snapshot(page, "62-paused-with-note");
    await runs.getByRole("radio", { name: "Active" }).check();
    await expect(runs.getByRole("radio", { name: "Active" })).toBeChecked();
    await expect(page.getByText(/It resumes by itself on 2030-01-07/)).toHaveCount(0);
  });
});

import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { grantAdmin, signUpInBrowser, snapshot, uniqueEmail } from "./helpers";

const CRON = { Authorization: "Bearer e2e-cron-secret" };

const signUp = (page: Page, email = uniqueEmail("autopilot")) => signUpInBrowser(page, email);

async function tick(request: APIRequestContext) {
  const response = await request.get("/api/cron/tick", { headers: CRON });
  expect(response.status()).toBe(200);
  return response.json();
}

test.use({ timezoneId: "Europe/Berlin" });

test("the cron route refuses a missing or wrong secret and runs nothing; with the secret it answers a summary", async ({ request }) => {
  const attempts: Record<string, string>[] = [{}, { Authorization: "Bearer wrong" }, { Authorization: "e2e-cron-secret" }];
  for (const headers of attempts) {
    const response = await request.get("/api/cron/tick", { headers });
    expect(response.status()).toBe(401);
    expect((await response.json()).error.code).toBe("unauthorized");
  }
  expect((await request.post("/api/cron/tick")).status()).toBe(401);
  const summary = await tick(request);
  expect(Object.keys(summary).sort()).toEqual(["claimed", "deferred", "deliveries", "duration_ms", "failed", "pruned", "remaining_due", "resumed", "skipped", "succeeded", "tick_id", "timed_out", "workers"]);
});

test("create a schedule with defaults, see its next runs, test-run it, read the report, edit, switch off and on, delete", async ({ page }) => {
  const ws = await signUp(page);
  await page.getByRole("link", { name: "Autopilot", exact: true }).click();
  await expect(page.getByText("No schedules yet")).toBeVisible();
  await snapshot(page, "20-autopilot-empty");
  await page.getByRole("link", { name: "New schedule" }).first().click();

  // Defaults: the sample specification, everything selected, the browser's time zone; the preview lists 5 runs.
  await expect(page.getByLabel("Time zone")).toHaveValue("Europe/Berlin");
  await expect(page.getByTestId("schedule-description")).toHaveText("Every Monday at 09:00 (Europe/Berlin)");
  await expect(page.getByTestId("preview-run")).toHaveCount(5);
  for (const box of await page.getByRole("group", { name: "Categories" }).getByRole("checkbox").all()) await expect(box).toBeChecked();
  await expect(page.getByTestId("frequency-note")).toHaveCount(0);

  // A daily cadence on the weekly sample specification: the preview says, before saving, which slots the
  // frequency rule skips and how to report at every slot; a report period override removes the warning.
  await page.getByLabel("Cadence").selectOption("daily");
  await expect(page.getByTestId("frequency-note")).toContainText("one report per week");
  await expect(page.getByTestId("preview-run").filter({ hasText: "skipped" }).first()).toBeVisible();
  await page.getByLabel("Report period").selectOption("daily");
  await expect(page.getByTestId("frequency-note")).toHaveCount(0);
  await page.getByLabel("Report period").selectOption("");
  await page.getByLabel("Cadence").selectOption("weekly");

  // Invalid input: the field's message, the preview explains, nothing is saved.
  await page.getByLabel("Time (24-hour)").fill("25:00");
  await expect(page.getByText("Enter a time of day such as 9:00, 14:30 or 9am.").first()).toBeVisible();
  await page.getByRole("button", { name: "Create schedule" }).click();
  await expect(page.locator("#time-error")).toHaveText("Enter a time of day such as 9:00, 14:30 or 9am.");
  await snapshot(page, "21-editor-invalid");
  expect((await (await page.request.get(`/api/workspaces/${ws}/schedules`)).json()).total).toBe(0);

  // Times as people type them: "7:30am" becomes 07:30.
  await page.getByLabel("Time (24-hour)").fill("7:30am");
  await page.getByLabel("Time (24-hour)").blur();
  await expect(page.getByLabel("Time (24-hour)")).toHaveValue("07:30");
  await page.getByLabel("Day", { exact: true }).selectOption({ label: "Wednesday" });
  await expect(page.getByTestId("schedule-description")).toHaveText("Every Wednesday at 07:30 (Europe/Berlin)");
  await snapshot(page, "22-editor");
  await page.getByRole("button", { name: "Create schedule" }).click();

  // Details: a confirmation, configuration in words, next 5 runs in the viewer's zone.
  await expect(page.getByRole("status").filter({ hasText: /^Schedule created\. Next report: .*07:30 Europe\/Berlin/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Weekly Tech Briefing on Autopilot" })).toBeVisible();
  await expect(page.getByText("Every Wednesday at 07:30 (Europe/Berlin)").first()).toBeVisible();
  const nextRuns = page.getByTestId("next-runs").getByRole("listitem");
  await expect(nextRuns).toHaveCount(5);
  await expect(nextRuns.first()).toHaveText(/^\d{4}-\d{2}-\d{2} 07:30 Europe\/Berlin$/); // the viewer's zone is the schedule's here
  const firstSlot = await nextRuns.first().textContent();
  await snapshot(page, "23-schedule-details");

  // The list shows it with its next run.
  await page.getByRole("link", { name: "Autopilot", exact: true }).click();
  const row = page.getByRole("row", { name: /Weekly Tech Briefing on Autopilot/ });
  await expect(row).toContainText("Every Wednesday at 07:30 (Europe/Berlin)");
  await expect(row.locator("time").first()).toHaveText(/^(in \d+ (days?|hours?|minutes?)|tomorrow)$/);
  await expect(row.getByText("30 7 * * 3")).toBeVisible(); // the cron expression beside the sentence
  await expect(row).toContainText(/\d{4}-\d{2}-\d{2} 07:30 Europe\/Berlin/); // the exact next run, not only on hover
  await snapshot(page, "24-autopilot-list");
  // Edit and Delete live in the row's menu: it opens on its first item and Escape gives the focus back.
  const more = row.getByRole("button", { name: "More actions for Weekly Tech Briefing on Autopilot" });
  await more.click();
  const menu = page.getByRole("menu", { name: "Actions for Weekly Tech Briefing on Autopilot" });
  await expect(menu.getByRole("menuitem")).toHaveText(["Edit", "Duplicate", "Delete…"]);
  await expect(menu.getByRole("menuitem", { name: "Edit" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(menu).toBeHidden();
  await expect(more).toBeFocused();

  // Filters live in the address: reload keeps them, and clearing them clears it.
  await page.getByLabel("Status", { exact: true }).selectOption("paused");
  await expect(page).toHaveURL(/[?&]state=paused/);
  await expect(page.getByText("No schedules match these filters.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Status", { exact: true })).toHaveValue("paused");
  await expect(page.getByText("No schedules match these filters.")).toBeVisible();
  await page.getByLabel("Status", { exact: true }).selectOption("");
  await expect(page).not.toHaveURL(/state=/);
  await expect(row).toBeVisible();

  // Test run from the list: progress without a reload, then the report.
  await row.getByRole("button", { name: /Test run/ }).click();
  await expect(row.getByRole("status")).toContainText("Success");
  await row.getByRole("link", { name: /Open report/ }).click();
  const report = page.frameLocator("iframe[title^='Report']");
  await expect(report.getByText(/a test run of schedule “Weekly Tech Briefing on Autopilot”/)).toBeVisible();
  await snapshot(page, "25-test-run-report");

  // The details page shows the run in the history.
  await page.goBack();
  await page.getByRole("link", { name: "Weekly Tech Briefing on Autopilot", exact: true }).click();
  const history = page.getByRole("table");
  await expect(history.getByRole("row")).toHaveCount(2);
  await expect(history).toContainText("Test run");
  await expect(page.getByRole("img", { name: /Last 1 runs: 1 success/ })).toBeVisible();
  // The counters add up to the history: no scheduled run yet, one test run, and the last run is that test run.
  await expect(page.getByTestId("run-counts")).toContainText(/Scheduled runs\s*0/);
  await expect(page.getByTestId("run-counts")).toContainText(/Test runs\s*1/);
  await expect(page.getByTestId("run-counts")).toContainText(/Last run\s*✓\s*Success\s*test run/);
  // The timeline tells test runs from scheduled ones, and its tooltip gives the start and the duration.
  const chart = page.locator("figure").filter({ has: page.getByRole("img", { name: /Last 1 runs/ }) });
  await expect(chart.locator("figcaption")).toContainText("Scheduled:none");
  await expect(chart.locator("figcaption")).toContainText("Test runs:✓1 success");
  await chart.locator(".recharts-scatter-symbol").first().hover();
  await expect(chart.getByText(/success · test run/)).toBeVisible();
  // In the viewer's zone, as every time on the page (the test's browser is in Berlin).
  await expect(chart.getByText(/^Started \d{4}-\d{2}-\d{2} \d{2}:\d{2} Europe\/Berlin$/)).toBeVisible();
  await snapshot(page, "26-history-chart");

  // Edit the cadence: the next run changes.
  await page.getByRole("link", { name: "Edit" }).click();
  await page.getByLabel("Cadence", { exact: true }).selectOption("daily");
  await page.getByLabel("Time (24-hour)").fill("06:15");
  await expect(page.getByTestId("schedule-description")).toHaveText("Every day at 06:15 (Europe/Berlin)");
  // Unsaved edits survive a click on the app's navigation: a dialog asks, and Cancel keeps them.
  await page.getByRole("link", { name: "Reports", exact: true }).click();
  const leave = page.getByRole("dialog", { name: "Leave without saving?" });
  await expect(leave).toBeVisible();
  await leave.getByRole("button", { name: "Cancel" }).click();
  await expect(leave).toBeHidden();
  await expect(page.getByLabel("Time (24-hour)")).toHaveValue("06:15");
  await expect(page).toHaveURL(/\/edit$/);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByTestId("next-runs").getByRole("listitem").first()).toContainText("06:15 Europe/Berlin");
  expect(await page.getByTestId("next-runs").getByRole("listitem").first().textContent()).not.toBe(firstSlot);

  // Off and back to Active, with the one control over whether it runs.
  const runs = page.getByRole("group", { name: "Runs" });
  await runs.getByRole("radio", { name: "Off" }).check();
  await expect(page.getByText("Off. It does not run until someone chooses Active again.")).toBeVisible();
  await expect(runs.getByRole("radio", { name: "Off" })).toBeChecked();
  await expect(runs.getByRole("radio", { name: "Off" })).toBeFocused();
  await runs.getByRole("radio", { name: "Active" }).check();
  await expect(runs.getByRole("radio", { name: "Active" })).toBeChecked();
  await expect(page.getByTestId("next-runs").getByRole("listitem")).toHaveCount(5);

  // Delete, behind a confirmation dialog: Escape and Cancel keep the schedule; focus starts on Cancel.
  const deleteButton = page.getByRole("button", { name: /Delete Weekly Tech Briefing on Autopilot/ });
  await deleteButton.click();
  const dialog = page.getByRole("dialog", { name: "Delete “Weekly Tech Briefing on Autopilot”?" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await snapshot(page, "27-delete-dialog");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await deleteButton.click();
  await dialog.getByRole("button", { name: "Delete schedule" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Deleted “Weekly Tech Briefing on Autopilot”." })).toBeVisible();
  await expect(page.getByText("No schedules yet")).toBeVisible();
});

test("duplicate a schedule from the list: the copy opens off in the editor, without history, and saving switches it on", async ({ page }) => {
  const ws = await signUp(page);
  const spec: string = (await (await page.request.get(`/api/workspaces/${ws}/specifications`)).json()).items[0].id;
  const created = await page.request.post(`/api/workspaces/${ws}/schedules`, {
    data: {
      specification_id: spec,
      schedule_name: "Morning digest",
      schedule_type: "weekly",
      schedule_config: { time: "07:30", timezone: "Asia/Tokyo", day_of_week: 2 },
      max_retries: 3,
      destinations: [{ type: "email", to: ["ana@example.com"] }],
    },
  });
  expect(created.status()).toBe(201);
  await page.goto(`/w/${ws}/autopilot`);
  const row = page.getByRole("row", { name: /Morning digest/ });
  await row.getByRole("button", { name: "More actions for Morning digest" }).click();
  await page.getByRole("menu", { name: "Actions for Morning digest" }).getByRole("menuitem", { name: "Duplicate" }).click();

  await expect(page).toHaveURL(/\/autopilot\/[0-9a-f-]+\/edit\?copied_from=Morning/);
  await expect(page.getByRole("status").filter({ hasText: "A copy of “Morning digest”, without its history. It stays off until you save it here." })).toBeVisible();
  await expect(page.getByLabel("Schedule name")).toHaveValue("Morning digest (copy)");
  await expect(page.getByTestId("schedule-description")).toHaveText("Every Wednesday at 07:30 (Asia/Tokyo)");
  await snapshot(page, "90-duplicate-editor");
  // Until saved, the copy is listed switched off beside the original.
  const listed = (await (await page.request.get(`/api/workspaces/${ws}/schedules`)).json()).items as { schedule_name: string; enabled: boolean; max_retries: number }[];
  expect(listed.map((s) => [s.schedule_name, s.enabled, s.max_retries]).sort((a, b) => String(a[0]).localeCompare(String(b[0])))).toEqual([
    ["Morning digest", true, 3],
    ["Morning digest (copy)", false, 3],
  ]);

  await page.getByLabel("Schedule name").fill("Evening digest");
  await page.getByRole("button", { name: "Save and switch on" }).click();
  await expect(page.getByRole("heading", { name: "Evening digest" })).toBeVisible();
  await expect(page.getByTestId("next-runs").getByRole("listitem")).toHaveCount(5);
  await expect(page.getByTestId("run-counts")).toContainText(/Scheduled runs\s*0/);
  const copyId = new URL(page.url()).pathname.split("/")[4];
  expect(await (await page.request.get(`/api/workspaces/${ws}/schedules/${copyId}`)).json()).toMatchObject({ schedule_name: "Evening digest", enabled: true, state: "active" });
});

test("select schedules in the list and pause, add a recipient to, or delete them together", async ({ page }) => {
  const ws = await signUp(page);
  const spec: string = (await (await page.request.get(`/api/workspaces/${ws}/specifications`)).json()).items[0].id;
  for (const name of ["Alpha", "Bravo", "Charlie"]) {
    const created = await page.request.post(`/api/workspaces/${ws}/schedules`, {
      data: { specification_id: spec, schedule_name: name, schedule_type: "daily", schedule_config: { time: "08:00", timezone: "Europe/Berlin" } },
    });
    expect(created.status()).toBe(201);
  }
  await page.goto(`/w/${ws}/autopilot?sort=schedule_name`);
  await expect(page.getByRole("row", { name: /^Select Charlie / })).toBeVisible();
  await page.getByRole("checkbox", { name: "Select Alpha" }).check();
  await page.getByRole("checkbox", { name: "Select Bravo" }).check();
  const bar = page.getByRole("region", { name: "Selected schedules" });
  await expect(bar).toContainText("2 selected");
  await bar.getByRole("button", { name: "Pause" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Paused 2 schedules." })).toBeVisible();
  await expect(page.getByRole("row", { name: /^Select Alpha / }).getByTestId("schedule-state")).toHaveText("⏸ Paused");
  await expect(page.getByRole("row", { name: /^Select Bravo / }).getByTestId("schedule-state")).toHaveText("⏸ Paused");
  await expect(page.getByRole("row", { name: /^Select Charlie / }).getByTestId("schedule-state")).toHaveCount(0);

  // Everything on the page: one recipient added to each, one already paused counted apart.
  await page.getByRole("checkbox", { name: "Select all on this page" }).check();
  await expect(bar).toContainText("3 selected");
  await bar.getByRole("button", { name: "Add recipient…" }).click();
  await bar.getByLabel("Email address to add").fill("team@example.com");
  await snapshot(page, "91-bulk-actions");
  await bar.getByRole("button", { name: "Add to selected" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Added the recipient to 3 schedules." })).toBeVisible();
  const items = (await (await page.request.get(`/api/workspaces/${ws}/schedules`)).json()).items as { id: string; schedule_name: string }[];
  for (const item of items) {
    const detail = await (await page.request.get(`/api/workspaces/${ws}/schedules/${item.id}`)).json();
    expect(detail.destinations, item.schedule_name).toEqual([{ type: "email", to: ["team@example.com"] }]);
  }

  await page.getByRole("checkbox", { name: "Select Charlie" }).check();
  await page.getByRole("region", { name: "Selected schedules" }).getByRole("button", { name: "Delete…" }).click();
  await page.getByRole("dialog", { name: "Delete 1 schedule?" }).getByRole("button", { name: "Delete 1 schedule" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Deleted 1 schedule." })).toBeVisible();
  await expect(page.getByRole("row", { name: /^Select Charlie / })).toHaveCount(0);
  expect((await (await page.request.get(`/api/workspaces/${ws}/schedules`)).json()).total).toBe(2);
});

test("the calendar shows the next 30 days of runs across schedules, which make a report and which are skipped, by day or week", async ({ page }) => {
  const ws = await signUp(page);
  const spec: string = (await (await page.request.get(`/api/workspaces/${ws}/specifications`)).json()).items[0].id;
  for (const [name, schedule_type, schedule_config] of [
    ["Daily on weekly", "daily", { time: "09:00", timezone: "Europe/Berlin" }],
    ["Paused one", "daily", { time: "10:00", timezone: "UTC" }],
  ] as const) {
    const created = await page.request.post(`/api/workspaces/${ws}/schedules`, { data: { specification_id: spec, schedule_name: name, schedule_type, schedule_config } });
    expect(created.status()).toBe(201);
    if (name === "Paused one") await page.request.patch(`/api/workspaces/${ws}/schedules/${(await created.json()).id}`, { data: { status: "paused" } });
  }
  await page.goto(`/w/${ws}/autopilot`);
  await page.getByRole("link", { name: "Calendar" }).click();
  await expect(page.getByRole("heading", { name: "Calendar" })).toBeVisible();
  // A daily schedule on the weekly sample: about 30 runs, one report a week, the rest skipped for it.
  await expect(page.getByTestId("calendar-summary")).toContainText(/^(29|30|31) runs in the next 30 days: [45] make a report, 2[5-7] skipped\./);
  await expect(page.getByTestId("calendar-entry").filter({ hasText: "✓ Makes the report" }).first()).toContainText("Daily on weekly");
  await expect(page.getByTestId("calendar-entry").filter({ hasText: /Skipped: “Daily on weekly” at .* makes this period's report/ }).first()).toBeVisible();
  await expect(page.getByText("Paused, so not on the calendar: Paused one.")).toBeVisible();
  await expect(page.getByRole("heading", { name: /^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{4}-\d{2}-\d{2}$/ })).toHaveCount(await page.getByTestId("calendar-entry").count());
  await snapshot(page, "92-calendar");
  await page.getByLabel("By week").check();
  await expect(page.getByRole("heading", { name: /^Week of Monday \d{4}-\d{2}-\d{2}$/ }).first()).toBeVisible();
  expect(await page.getByRole("heading", { name: /^Week of Monday/ }).count()).toBeGreaterThanOrEqual(5);
  const calendar = await (await page.request.get(`/api/workspaces/${ws}/calendar?days=7`)).json();
  expect(calendar.entries.length).toBeGreaterThanOrEqual(6);
  expect((await page.request.get(`/api/workspaces/${ws}/calendar?days=99`)).status()).toBe(400);
});

test("a second user sees none of another's schedules", async ({ page, browser }) => {
  const ws = await signUp(page);
  const created = await page.request.post(`/api/workspaces/${ws}/schedules`, {
    data: {
      specification_id: (await (await page.request.get(`/api/workspaces/${ws}/specifications`)).json()).items[0].id,
      schedule_name: "Private schedule",
      schedule_type: "daily",
      schedule_config: { time: "08:00", timezone: "UTC" },
    },
  });
  expect(created.status()).toBe(201);
  const schedule = await created.json();

  const other = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const otherPage = await other.newPage();
  await signUp(otherPage);
  await otherPage.getByRole("link", { name: "Autopilot", exact: true }).click();
  await expect(otherPage.getByText("No schedules yet")).toBeVisible();
  await otherPage.goto(`/w/${ws}/autopilot/${schedule.id}`);
  await expect(otherPage.getByRole("heading", { name: "Not found" })).toBeVisible();
  for (const path of [`/api/workspaces/${ws}/schedules`, `/api/workspaces/${ws}/schedules/${schedule.id}`, `/api/workspaces/${ws}/schedules/${schedule.id}/runs`]) {
    expect((await otherPage.request.get(path)).status()).toBe(404);
  }
  expect((await otherPage.request.post(`/api/workspaces/${ws}/schedules/${schedule.id}/test-run`)).status()).toBe(404);
  expect((await otherPage.request.get("/api/admin/stats")).status()).toBe(403);
  await other.close();
});

test("the admin dashboard's numbers change when a user adds a schedule, and admins open it read-only", async ({ page, browser, request }) => {
  const admin = await browser.newContext({ baseURL: test.info().project.use.baseURL, timezoneId: "UTC" });
  const adminPage = await admin.newPage();
  await signUp(adminPage, "admin@e2e.test");
  // Listed in ADMIN_EMAILS but not yet confirmed: no admin rights, whoever registered the address first.
  await expect(adminPage.getByRole("link", { name: "Admin" })).toHaveCount(0);
  expect((await adminPage.request.get("/api/admin/stats")).status()).toBe(403);
  await grantAdmin(adminPage.request, "admin@e2e.test");
  await adminPage.reload();
  await adminPage.getByRole("link", { name: "Admin" }).click();
  await expect(adminPage.getByRole("heading", { name: "Autopilot across the platform" })).toBeVisible();
  const activeBefore = Number(await adminPage.getByTestId("stat-active").textContent());

  // A user's schedule comes due and the cron tick runs it.
  const ws = await signUp(page);
  const spec = (await (await page.request.get(`/api/workspaces/${ws}/specifications`)).json()).items[0];
  const created = await page.request.post(`/api/workspaces/${ws}/schedules`, {
    data: { specification_id: spec.id, schedule_name: "Due soon", schedule_type: "custom", schedule_config: { cron_expression: "@hourly", timezone: "UTC" }, cadence_override: "daily" },
  });
  expect(created.status()).toBe(201);
  await adminPage.reload();
  await expect(adminPage.getByTestId("stat-active")).toHaveText(String(activeBefore + 1));
  await expect(adminPage.getByTestId("next-runs")).toContainText("Due soon");
  await snapshot(adminPage, "26-admin-dashboard");

  // The admin can open the schedule read-only.
  await adminPage.getByTestId("next-runs").getByRole("link", { name: "Due soon" }).click();
  await expect(adminPage.getByText(/Read-only/)).toBeVisible();
  await expect(adminPage.getByRole("button", { name: /Test run/ })).toBeDisabled();

  const stats = await (await adminPage.request.get("/api/admin/stats")).json();
  expect(stats.schedules.active).toBe(activeBefore + 1);
  expect(stats.success_rate.runs_7_days).toBeGreaterThanOrEqual(0);
  void request;
  await admin.close();
});

test("deactivating a specification warns which schedules stop, and each schedule says Stopped at once with the time in its activity", async ({ page }) => {
  const ws = await signUp(page);
  const spec = (await (await page.request.get(`/api/workspaces/${ws}/specifications`)).json()).items[0];
  const created = await page.request.post(`/api/workspaces/${ws}/schedules`, {
    data: { specification_id: spec.id, schedule_name: "Depends on it", schedule_type: "daily", schedule_config: { time: "08:00", timezone: "Europe/Berlin" } },
  });
  expect(created.status()).toBe(201);
  const schedule = await created.json();

  await page.goto(`/w/${ws}/specifications/${spec.id}`);
  await page.getByLabel("Status").selectOption("inactive");
  await expect(page.getByTestId("deactivation-warning")).toContainText("Deactivating stops this schedule: Depends on it.");
  await snapshot(page, "28-deactivation-warning");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Saved.", { exact: true }).first()).toBeVisible();

  await page.goto(`/w/${ws}/autopilot/${schedule.id}`);
  await expect(page.getByText("Stopped: its specification is inactive.")).toBeVisible();
  await expect(page.getByText("None: the schedule is not running.")).toBeVisible();
  await expect(page.getByRole("list", { name: "Activity" }).getByRole("listitem").first()).toContainText(
    /\d{4}-\d{2}-\d{2} \d{2}:\d{2} Europe\/Berlin · Stopped: the specification “Weekly Tech Briefing” was deactivated/,
  );
  await page.goto(`/w/${ws}/autopilot`);
  await expect(page.getByRole("row", { name: /Depends on it/ })).toContainText("⚠ Error");
});

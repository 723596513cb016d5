import { expect, test } from "@playwright/test";
import { signUpInBrowser, snapshot } from "./helpers";

test.use({ timezoneId: "America/New_York" });

test("start a schedule from a template, shape it in the cron builder, save it as a workspace template and start another from that", async ({ page }) => {
  test.setTimeout(120_000);
  const ws = await signUpInBrowser(page);
  await page.goto(`/w/${ws}/autopilot/new`);
  await expect(page.getByRole("heading", { name: "Start from a template" })).toBeVisible();
  await expect(page.getByTestId("template-card")).toHaveCount(4);
  await expect(page.getByTestId("template-card").filter({ hasText: "First business day of the month" })).toContainText("At 09:00, on the first weekday of the month, in your time zone.");
  await snapshot(page, "94-template-gallery");

  await page.getByRole("link", { name: "Use this template for First business day of the month" }).click();
  await expect(page.getByText("Started from the template “First business day of the month”, in your time zone.")).toBeVisible();
  await expect(page.getByLabel("Cadence")).toHaveValue("custom");
  await expect(page.getByLabel("Cron expression")).toHaveValue("0 9 1W * *");
  await expect(page.getByLabel("Runs on")).toHaveValue("first_business_day");
  await expect(page.getByLabel("Time zone")).toHaveValue("America/New_York");
  await expect(page.getByLabel("Report period")).toHaveValue("monthly");
  const email = await page.getByLabel("Email recipients", { exact: true }).inputValue();
  expect(email).toMatch(/^person-[0-9a-f]{8}@example\.com$/);

  // The builder writes the expression: the last Friday, at 17:00.
  await page.getByLabel("Runs on").selectOption("nth_weekday");
  await page.getByLabel("Which").selectOption("-1");
  await page.getByLabel("Weekday", { exact: true }).selectOption("5");
  await page.getByRole("group", { name: "Hours" }).getByRole("button", { name: "17:00 hour" }).click();
  await page.getByRole("group", { name: "Hours" }).getByRole("button", { name: "09:00 hour" }).click();
  await expect(page.getByLabel("Cron expression")).toHaveValue("0 17 * * 5L");
  await expect(page.getByTestId("schedule-description")).toContainText("At 17:00, on the last Friday of the month");
  // And reads what is typed: Monday, Wednesday and Friday.
  await page.getByLabel("Cron expression").fill("0 17 * * 1,3,5");
  await expect(page.getByLabel("Runs on")).toHaveValue("weekdays");
  const weekdays = page.getByRole("group", { name: "Days of the week" });
  await expect(weekdays.getByRole("button", { pressed: true })).toHaveText(["Mon", "Wed", "Fri"]);
  await weekdays.getByRole("button", { name: "Wednesday" }).click();
  await expect(page.getByLabel("Cron expression")).toHaveValue("0 17 * * 1,5");
  // Something beyond the builder stays as typed.
  await page.getByLabel("Cron expression").fill("0 17 * 1,7 1");
  await expect(page.getByTestId("cron-builder")).toContainText("edit it as text");
  await page.getByRole("button", { name: "Start over in the builder" }).click();
  await expect(page.getByLabel("Cron expression")).toHaveValue("0 9 * * 1-5");
  await page.getByLabel("Runs on").selectOption("last_business_day");
  await expect(page.getByLabel("Cron expression")).toHaveValue("0 9 LW * *");
  await snapshot(page, "95-cron-builder");

  await page.getByLabel("Schedule name").fill("Month close");
  await page.getByRole("button", { name: "Create schedule" }).click();
  await expect(page.getByText("Schedule created.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Month close" })).toBeVisible();
  await expect(page.getByText(/At 09:00, on the last weekday of the month \(America\/New_York\)/).first()).toBeVisible();

  // Saved as a template, it is in the gallery; a schedule from it starts with its timing and recipients.
  await page.getByRole("button", { name: "Save as template" }).click();
  const dialog = page.getByRole("dialog", { name: "Save as a workspace template" });
  await dialog.getByLabel("Template name").fill("Month close");
  await dialog.getByLabel("Description (optional)").fill("For the finance desk");
  await dialog.getByRole("button", { name: "Save template" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved as the template “Month close”" })).toBeVisible();
  // The same name again is refused in the dialog, which stays open.
  await page.getByRole("button", { name: "Save as template" }).click();
  await dialog.getByLabel("Template name").fill("month close");
  await dialog.getByRole("button", { name: "Save template" }).click();
  await expect(dialog.getByRole("alert")).toContainText("already exists");
  await dialog.getByRole("button", { name: "Cancel" }).click();

  await page.goto(`/w/${ws}/autopilot/new`);
  const mine = page.getByTestId("workspace-templates").getByTestId("template-card");
  await expect(mine).toHaveCount(1);
  await expect(mine).toContainText("For the finance desk");
  await expect(mine).toContainText("At 09:00, on the last weekday of the month, in your time zone.");
  await page.getByRole("link", { name: "Use this template for Month close" }).click();
  await expect(page.getByLabel("Cron expression")).toHaveValue("0 9 LW * *");
  await expect(page.getByLabel("Email recipients", { exact: true })).toHaveValue(email);

  // Deleted, it leaves the gallery.
  await page.goto(`/w/${ws}/autopilot/new`);
  await page.getByRole("button", { name: "Delete the template Month close" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete template" }).click();
  await expect(page.getByTestId("workspace-templates")).toHaveCount(0);
  await expect(page.getByText("None yet.")).toBeVisible();
  // An unknown template says so.
  await page.goto(`/w/${ws}/autopilot/new?template=nope`);
  await expect(page.getByText("That template no longer exists")).toBeVisible();
});

test("the templates API: list, save, refuse bad input by field, delete", async ({ page }) => {
  const ws = await signUpInBrowser(page);
  const list = await (await page.request.get(`/api/workspaces/${ws}/templates`)).json();
  expect(list.built_in.map((t: { id: string }) => t.id)).toEqual(["weekday-briefing", "monday-digest", "month-end-summary", "first-business-day"]);
  const spec = (await (await page.request.get(`/api/workspaces/${ws}/specifications`)).json()).items[0];
  const schedule = await (
    await page.request.post(`/api/workspaces/${ws}/schedules`, {
      data: { specification_id: spec.id, schedule_name: "API made", schedule_type: "custom", schedule_config: { cron_expression: "0 8 * * 2#1", timezone: "UTC" } },
    })
  ).json();
  const bad = await page.request.post(`/api/workspaces/${ws}/templates`, { data: { schedule_id: schedule.id, name: "" } });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.fields).toHaveProperty("name");
  const saved = await page.request.post(`/api/workspaces/${ws}/templates`, { data: { schedule_id: schedule.id, name: "First Tuesday" } });
  expect(saved.status()).toBe(201);
  const template = await saved.json();
  expect(template.settings.schedule_config).toEqual({ cron_expression: "0 8 * * 2#1" });
  expect((await page.request.get(`/api/workspaces/${ws}/templates/${template.id}`)).status()).toBe(200);
  expect((await page.request.delete(`/api/workspaces/${ws}/templates/${template.id}`)).status()).toBe(204);
  expect((await page.request.get(`/api/workspaces/${ws}/templates/${template.id}`)).status()).toBe(404);
});

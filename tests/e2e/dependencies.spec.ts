import { expect, test } from "@playwright/test";
import { signUpInBrowser, snapshot } from "./helpers";

test.use({ timezoneId: "Europe/Berlin" });

test("make a schedule run after another: its timing follows, the page and the calendar show the chain", async ({ page }) => {
  test.setTimeout(120_000);
  const ws = await signUpInBrowser(page);
  const spec = (await (await page.request.get(`/api/workspaces/${ws}/specifications`)).json()).items[0];
  const upstream = await (
    await page.request.post(`/api/workspaces/${ws}/schedules`, {
      data: { specification_id: spec.id, schedule_name: "Morning import", schedule_type: "daily", schedule_config: { time: "06:15", timezone: "Europe/Berlin" }, cadence_override: "daily" },
    })
  ).json();

  await page.goto(`/w/${ws}/autopilot/new`);
  await page.getByLabel("Schedule name").fill("Morning digest");
  await page.getByLabel("Runs", { exact: true }).selectOption({ label: "After “Morning import” succeeds" });
  await expect(page.getByTestId("runs-after")).toContainText("Runs at the slots of “Morning import”");
  await expect(page.getByLabel("Cadence")).toHaveValue("daily");
  await expect(page.getByLabel("Time (24-hour)")).toHaveValue("06:15");
  await expect(page.getByLabel("Wait for it up to (minutes)")).toHaveValue("60");
  await page.getByLabel("Wait for it up to (minutes)").fill("0");
  await page.getByRole("button", { name: "Create schedule" }).click();
  await expect(page.getByText("wait_minutes must be from 1 to 720 minutes").or(page.getByText(/from 1 to 720/)).first()).toBeVisible();
  await page.getByLabel("Wait for it up to (minutes)").fill("45");
  await page.getByLabel("Report period").selectOption("daily");
  await snapshot(page, "99-runs-after-editor");
  await page.getByRole("button", { name: "Create schedule" }).click();
  await expect(page.getByText("Schedule created.")).toBeVisible();
  await expect(page.getByText("After “Morning import” succeeds (waiting up to 45 min after the slot), at its slots: Every day at 06:15 (Europe/Berlin)").first()).toBeVisible();
  const dependentId = new URL(page.url()).pathname.split("/")[4];

  // The upstream moves to 07:00: the dependent follows.
  const moved = await page.request.patch(`/api/workspaces/${ws}/schedules/${upstream.id}`, { data: { schedule_config: { time: "07:00" } } });
  expect(moved.status()).toBe(200);
  const dependent = await (await page.request.get(`/api/workspaces/${ws}/schedules/${dependentId}`)).json();
  expect(dependent.schedule_config.time).toBe("07:00");
  // A loop is refused, naming the field.
  const loop = await page.request.patch(`/api/workspaces/${ws}/schedules/${upstream.id}`, { data: { depends_on_schedule_id: dependentId } });
  expect(loop.status()).toBe(400);
  expect((await loop.json()).error.fields.depends_on_schedule_id).toContain("cannot loop");

  await page.goto(`/w/${ws}/autopilot/calendar`);
  const entries = page.getByTestId("calendar-entry").filter({ hasText: "Morning digest" });
  await expect(entries.first()).toContainText("after “Morning import” succeeds");
  await snapshot(page, "99-runs-after-calendar");
});

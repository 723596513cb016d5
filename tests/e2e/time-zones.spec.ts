import { expect, test } from "@playwright/test";
import { signUpThroughApi, snapshot } from "./helpers";

// A viewer in New York looking at a schedule kept in Berlin time.
test.use({ timezoneId: "America/New_York" });

test("times show in the viewer's zone with the schedule's beside them, and a switch shows UTC or each schedule's zone, remembered across visits", async ({ page }) => {
  const { workspace_id: ws } = await signUpThroughApi(page.request);
  const spec = (await (await page.request.get(`/api/workspaces/${ws}/specifications`)).json()).items[0];
  const created = await page.request.post(`/api/workspaces/${ws}/schedules`, {
    data: { specification_id: spec.id, schedule_name: "Berlin mornings", schedule_type: "daily", schedule_config: { time: "09:00", timezone: "Europe/Berlin" }, cadence_override: "daily" },
  });
  const schedule = await created.json();

  await page.goto(`/w/${ws}/autopilot/${schedule.id}`);
  const firstRun = page.getByTestId("next-runs").getByRole("listitem").first();
  // 09:00 in Berlin is 03:00 in New York (both on standard time in winter).
  await expect(firstRun).toHaveText(/^\d{4}-\d{2}-\d{2} 03:00 America\/New_York · \d{4}-\d{2}-\d{2} 09:00 Europe\/Berlin$/);
  await snapshot(page, "60-zone-viewer");

  const zoneSwitch = page.getByLabel("Times in");
  await zoneSwitch.selectOption("utc");
  await expect(firstRun).toHaveText(/^\d{4}-\d{2}-\d{2} 08:00 UTC · \d{4}-\d{2}-\d{2} 09:00 Europe\/Berlin$/);
  await page.reload();
  await expect(page.getByLabel("Times in")).toHaveValue("utc");
  await expect(firstRun).toHaveText(/ 08:00 UTC · /);

  await page.getByLabel("Times in").selectOption("schedule");
  await expect(firstRun).toHaveText(/^\d{4}-\d{2}-\d{2} 09:00 Europe\/Berlin$/);

  // The list follows the same choice.
  await page.getByLabel("Times in").selectOption("local");
  await page.getByRole("link", { name: "Autopilot", exact: true }).click();
  await expect(page.getByRole("row", { name: /Berlin mornings/ })).toContainText(/03:00 America\/New_York · .*09:00 Europe\/Berlin/);
});

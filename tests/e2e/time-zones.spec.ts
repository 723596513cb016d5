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

/** The second Sunday of March (when New York springs forward at 02:00) next after `now`. */
function nextUsSpringForward(now: Date): Date {
  for (const year of [now.getUTCFullYear(), now.getUTCFullYear() + 1]) {
    const firstOfMarch = new Date(Date.UTC(year, 2, 1));
    const secondSunday = new Date(Date.UTC(year, 2, 1 + ((7 - firstOfMarch.getUTCDay()) % 7) + 7));
    if (secondSunday.getTime() > now.getTime() + 86_400_000) return secondSunday;
  }
  throw new Error("unreachable");
}

test("the editor's preview marks the run that daylight saving moves", async ({ page }) => {
  const change = nextUsSpringForward(new Date());
  // A monthly schedule on that day of the month shows the change within its five previewed runs from
  // mid-October to March; the unit tests cover the rule all year round.
  const monthsAway = (change.getUTCFullYear() - new Date().getUTCFullYear()) * 12 + change.getUTCMonth() - new Date().getUTCMonth();
  test.skip(monthsAway > 4, "no US daylight-saving change within five monthly runs of today");
  const { workspace_id: ws } = await signUpThroughApi(page.request);
  await page.goto(`/w/${ws}/autopilot/new`);
  // The preview answers once the editor runs in the browser: only then does choosing change it.
  await expect(page.getByTestId("schedule-description")).toBeVisible();
  await page.getByLabel("Cadence", { exact: true }).selectOption("monthly");
  await page.getByLabel("Day of the month").selectOption(String(change.getUTCDate()));
  await page.getByLabel("Time (24-hour)").fill("02:30");
  await page.getByLabel("Time zone").selectOption("America/New_York");
  const moved = page.getByTestId("preview-run").filter({ has: page.getByTestId("daylight-saving-note") });
  await expect(moved).toHaveCount(1);
  await expect(moved).toContainText(`${change.toISOString().slice(0, 10)} 03:30`);
  await expect(moved.getByTestId("daylight-saving-note")).toHaveText("02:30 does not exist that day (clocks go forward): runs at 03:30");
  await snapshot(page, "61-preview-daylight-saving");
});

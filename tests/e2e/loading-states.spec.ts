import { expect, test } from "@playwright/test";
import { signUpThroughApi, snapshot } from "./helpers";

test.use({ timezoneId: "Europe/Berlin" });

test("every loading state ends: a list that cannot load says so and retries; a test run whose polling fails says the status is unknown and retries", async ({ page }) => {
  const { workspace_id: ws } = await signUpThroughApi(page.request);
  const listCalls = (url: URL) => url.pathname === `/api/workspaces/${ws}/schedules`;

  // The list API fails: no endless skeleton, an error with Retry, which loads the list once the API is back.
  await page.route(listCalls, (route) => route.fulfill({ status: 503, contentType: "application/json", body: JSON.stringify({ error: { code: "service_unavailable", message: "The database is unreachable" } }) }));
  await page.goto(`/w/${ws}/autopilot`);
  await expect(page.getByRole("alert").filter({ hasText: "The schedules could not be loaded: The database is unreachable" })).toBeVisible();
  await expect(page.locator("table")).toHaveAttribute("aria-busy", "false");
  await snapshot(page, "50-list-failed");
  await page.unroute(listCalls);
  await page.getByRole("button", { name: "Retry" }).click();
  await expect(page.getByText("No schedules yet")).toBeVisible();

  // A schedule, test-run while polling its run fails: the badge does not stay "Running".
  const spec = (await (await page.request.get(`/api/workspaces/${ws}/specifications`)).json()).items[0];
  const created = await page.request.post(`/api/workspaces/${ws}/schedules`, {
    data: { specification_id: spec.id, schedule_name: "Polled", schedule_type: "daily", schedule_config: { time: "9am", timezone: "Europe/Berlin" } },
  });
  expect(created.status()).toBe(201);
  expect((await created.json()).schedule_config.time).toBe("09:00");
  const runPolls = (url: URL) => url.pathname.startsWith(`/api/workspaces/${ws}/runs/`);
  await page.route(runPolls, (route) => route.abort("connectionrefused"));
  await page.reload();
  const row = page.getByRole("row", { name: /Polled/ });
  await row.getByRole("button", { name: /Test run/ }).click();
  await expect(row.getByRole("alert")).toContainText("Status unknown. Lost contact with the server", { timeout: 20_000 });
  await snapshot(page, "51-test-run-lost-contact");
  await page.unroute(runPolls);
  await row.getByRole("button", { name: "Retry" }).click();
  await expect(row.getByRole("status")).toContainText("Success");
});

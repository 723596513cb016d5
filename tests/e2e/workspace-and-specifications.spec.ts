import { expect, test } from "@playwright/test";
import { PASSWORD, snapshot, uniqueEmail } from "./helpers";

test("sign up, create a workspace, create and edit a specification", async ({ page }) => {
  const email = uniqueEmail("ui");

  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in$/);
  await snapshot(page, "01-sign-in");
  await page.getByRole("link", { name: "Create an account" }).click();

  // The form explains bad input before anything is sent.
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Enter a valid email address")).toBeVisible();
  await expect(page.getByText("Password must be at least 8 characters")).toBeVisible();
  await snapshot(page, "02-sign-up-errors");

  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();

  // Lands in a workspace that already holds the sample specification.
  await expect(page.getByRole("heading", { name: "Specifications" })).toBeVisible();
  await expect(page.getByRole("link", { name: /Weekly Tech Briefing/ })).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();
  await snapshot(page, "03-specifications-sample");

  // A second workspace through the switcher.
  await page.getByLabel("Workspace", { exact: true }).selectOption({ label: "+ New workspace…" });
  await expect(page.getByRole("heading", { name: "New workspace" })).toBeVisible();
  await page.getByLabel("Workspace name").fill("Research desk");
  await snapshot(page, "04-new-workspace");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByLabel("Workspace", { exact: true })).toHaveValue(/[0-9a-f-]{36}/);
  await expect(page.getByLabel("Workspace", { exact: true }).locator("option:checked")).toHaveText("Research desk");
  await expect(page.getByText("No specifications yet.")).toBeVisible();

  // Create a specification; a missing name is explained inline and saves nothing.
  await page.getByRole("link", { name: "Create the first one" }).click();
  await page.getByRole("button", { name: "Create specification" }).click();
  await expect(page.getByText("Name is required").first()).toBeVisible();
  await snapshot(page, "05-specification-errors");

  await page.getByLabel("Specification name").fill("Chip industry daily");
  await page.getByLabel("Frequency").selectOption("daily");
  await page.getByLabel("Category 1 name").fill("Semiconductors");
  await page.getByLabel("Category 1 name").blur();
  await expect(page.getByLabel("Category 1 key (used by the API and imports)")).toHaveValue("semiconductors");
  await page.getByLabel("Category 1 keywords").fill("chip, foundry, wafer");
  await page.getByRole("button", { name: "Add category" }).click();
  await page.getByLabel("Category 2 name").fill("Policy");
  await page.getByLabel("Category 2 name").blur();
  await page.getByRole("textbox", { name: "Region 1", exact: true }).fill("Asia-Pacific");
  await page.getByRole("button", { name: "Add region" }).click();
  await page.getByRole("textbox", { name: "Region 2", exact: true }).fill("Europe");
  await snapshot(page, "06-specification-new");
  await page.getByRole("button", { name: "Create specification" }).click();

  await expect(page.getByRole("heading", { name: "Chip industry daily" })).toBeVisible();
  await expect(page.getByLabel("Category 1 keywords")).toHaveValue("chip, foundry, wafer");

  // Edit: add a region, deactivate, save, and see it kept after a reload.
  await page.getByRole("button", { name: "Add region" }).click();
  await page.getByRole("textbox", { name: "Region 3", exact: true }).fill("North America");
  await page.getByLabel("Status").selectOption("inactive");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByRole("textbox", { name: "Region 3", exact: true })).toHaveValue("North America");
  await expect(page.getByLabel("Status")).toHaveValue("inactive");
  await snapshot(page, "07-specification-edited");

  await page.getByRole("link", { name: "Specifications" }).click();
  await expect(page.getByRole("link", { name: /Chip industry daily.*Inactive/ })).toBeVisible();
  await expect(page.getByText("2 categories · 3 regions · daily")).toBeVisible();
  await snapshot(page, "08-specifications-list");

  // Sign out ends the session: protected pages send you to sign-in.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in$/);
});

test("the app is usable at 375 px wide", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto("/sign-up");
  await page.getByLabel("Email").fill(uniqueEmail("narrow"));
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Specifications" })).toBeVisible();
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(await overflow()).toBeLessThanOrEqual(0);
  await snapshot(page, "09-narrow");
  const workspaceUrl = page.url().replace(/\/specifications.*$/, "");
  for (const [name, path] of [["autopilot", "autopilot"], ["schedule-editor", "autopilot/new"], ["reports", "reports"]]) {
    await page.goto(`${workspaceUrl}/${path}`);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    expect(await overflow(), name).toBeLessThanOrEqual(0);
    await snapshot(page, `09-narrow-${name}`);
  }

  // With a schedule and a run: the list and the history are cards, with the switch, the actions, the
  // trigger, the items and the report link on screen.
  const ws = workspaceUrl.split("/").pop()!;
  const spec = (await (await page.request.get(`/api/workspaces/${ws}/specifications`)).json()).items[0];
  const created = await page.request.post(`/api/workspaces/${ws}/schedules`, {
    data: { specification_id: spec.id, schedule_name: "Narrow", schedule_type: "daily", schedule_config: { time: "08:00", timezone: "UTC" } },
  });
  const schedule = await created.json();
  await page.goto(`${workspaceUrl}/autopilot`);
  const inView = async (locator: import("@playwright/test").Locator) => {
    const box = await locator.boundingBox();
    return box !== null && box.x >= 0 && box.x + box.width <= 375;
  };
  await expect(page.getByRole("switch", { name: /Narrow/ })).toBeVisible();
  expect(await inView(page.getByRole("switch", { name: /Narrow/ }))).toBe(true);
  expect(await inView(page.getByRole("button", { name: "More actions for Narrow" }))).toBe(true);
  await page.getByRole("button", { name: "Test run Narrow" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Success" })).toBeVisible();
  expect(await overflow(), "autopilot list with a schedule").toBeLessThanOrEqual(0);
  await snapshot(page, "09-narrow-autopilot-list");
  await page.goto(`${workspaceUrl}/autopilot/${schedule.id}`);
  expect(await overflow(), "schedule details").toBeLessThanOrEqual(0);
  for (const text of ["Started by:", "Items:"]) await expect(page.getByText(text).first()).toBeVisible();
  expect(await inView(page.getByRole("link", { name: /^Open/ }).first())).toBe(true);
  await snapshot(page, "09-narrow-schedule");
});

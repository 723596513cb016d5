import { expect, test, type Page } from "@playwright/test";
import { PASSWORD, expectNoViolations, grantAdmin, signUpThroughApi, snapshot } from "./helpers";

test.use({ timezoneId: "Europe/Berlin" });

async function visit(page: Page, path: string, name: string) {
  await page.goto(path);
  await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
  await expectNoViolations(page, name);
}

for (const width of [1280, 375]) {
  test(`every page passes axe at ${width} px, and the list, editor, details and admin pages are photographed`, async ({ page, browser }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width, height: 900 });
    await visit(page, "/sign-in", "sign-in");
    await visit(page, "/sign-up", "sign-up");

    const { workspace_id: ws } = await signUpThroughApi(page.request);
    const spec = (await (await page.request.get(`/api/workspaces/${ws}/specifications`)).json()).items[0];
    const schedule = await (
      await page.request.post(`/api/workspaces/${ws}/schedules`, {
        data: { specification_id: spec.id, schedule_name: "Audited", schedule_type: "weekly", schedule_config: { day_of_week: 0, time: "09:00", timezone: "Europe/Berlin" } },
      })
    ).json();
    // A daily schedule on the weekly specification: its skipped slots, "Weekly in effect" and its fix are on the pages too.
    const daily = await (
      await page.request.post(`/api/workspaces/${ws}/schedules`, {
        data: { specification_id: spec.id, schedule_name: "Audited daily", schedule_type: "daily", schedule_config: { time: "10:00", timezone: "Europe/Berlin" } },
      })
    ).json();
    const run = await (await page.request.post(`/api/workspaces/${ws}/schedules/${schedule.id}/test-run`, { data: {} })).json();
    await expect.poll(async () => (await (await page.request.get(`/api/workspaces/${ws}/runs/${run.id}`)).json()).status, { timeout: 30_000 }).toBe("success");

    const pages: [string, string][] = [
      [`/w/${ws}/specifications`, "specifications"],
      [`/w/${ws}/specifications/new`, "new specification"],
      [`/w/${ws}/specifications/${spec.id}`, "specification"],
      [`/w/${ws}/autopilot`, "list"],
      [`/w/${ws}/autopilot/new`, "editor"],
      [`/w/${ws}/autopilot/new?template=first-business-day`, "editor from template"],
      [`/w/${ws}/autopilot/defaults`, "schedule defaults"],
      [`/w/${ws}/autopilot/calendar`, "calendar"],
      [`/w/${ws}/autopilot/code`, "schedules as code"],
      [`/w/${ws}/autopilot/analytics`, "analytics"],
      [`/w/${ws}/autopilot/${schedule.id}`, "details"],
      [`/w/${ws}/autopilot/${schedule.id}/edit`, "edit schedule"],
      [`/w/${ws}/autopilot/${daily.id}`, "details with skipped slots"],
      [`/w/${ws}/autopilot/${daily.id}/edit`, "editor with skipped slots"],
      [`/w/${ws}/reports`, "reports"],
      [`/w/${ws}/reports/${run.id}`, "report"],
      [`/w/${ws}/reports/generate`, "generate"],
      [`/w/${ws}/members`, "members"],
      ["/workspaces/new", "new workspace"],
    ];
    for (const [path, name] of pages) {
      await visit(page, path, name);
      if (["list", "editor", "editor from template", "schedules as code", "analytics", "details", "details with skipped slots", "editor with skipped slots", "calendar"].includes(name)) await snapshot(page, `70-${width}-${name.replaceAll(" ", "-")}`);
    }
    // The menu and the dialog, open.
    await page.goto(`/w/${ws}/autopilot`);
    await page.getByRole("button", { name: "More actions for Audited", exact: true }).click();
    await expectNoViolations(page, "row menu");
    await page.getByRole("menuitem", { name: "Delete…" }).click();
    await expect(page.getByRole("dialog")).toBeVisible();
    await expectNoViolations(page, "delete dialog");
    // The bulk action bar, with the recipient form open; a copy's editor with its notice.
    await page.goto(`/w/${ws}/autopilot`);
    await page.getByRole("checkbox", { name: "Select all on this page" }).check();
    await page.getByRole("region", { name: "Selected schedules" }).getByRole("button", { name: "Add recipient…" }).click();
    await expectNoViolations(page, "bulk actions");
    // Saving a schedule as a template: the dialog, open.
    await page.goto(`/w/${ws}/autopilot/${schedule.id}`);
    await page.getByRole("button", { name: "Save as template" }).click();
    await expect(page.getByRole("dialog", { name: "Save as a workspace template" })).toBeVisible();
    await expectNoViolations(page, "save as template dialog");
    await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
    await snapshot(page, `71-${width}-bulk-actions`);
    await page.goto(`/w/${ws}/autopilot/${schedule.id}/edit?copied_from=Audited%20daily`);
    await expectNoViolations(page, "copy editor");

    const admin = await browser.newContext({ baseURL: test.info().project.use.baseURL, timezoneId: "UTC", viewport: { width, height: 900 } });
    const adminPage = await admin.newPage();
    await adminPage.goto("/sign-up");
    await adminPage.getByLabel("Email").fill(`axe-admin-${width}@e2e.test`);
    await adminPage.getByLabel("Password").fill(PASSWORD);
    await adminPage.getByRole("button", { name: "Create account" }).click();
    await expect(adminPage.getByRole("heading", { name: "Specifications" })).toBeVisible();
    await grantAdmin(adminPage.request, `axe-admin-${width}@e2e.test`);
    await visit(adminPage, "/admin", "admin");
    await snapshot(adminPage, `70-${width}-admin`);
    await admin.close();
  });
}

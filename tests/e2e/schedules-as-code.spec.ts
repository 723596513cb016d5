import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { signUpInBrowser, snapshot } from "./helpers";

test("export a workspace's schedules, change the file, preview the import and apply it; a bad file is refused by its place", async ({ page }) => {
  test.setTimeout(120_000);
  const ws = await signUpInBrowser(page);
  const spec = (await (await page.request.get(`/api/workspaces/${ws}/specifications`)).json()).items[0];
  await page.request.post(`/api/workspaces/${ws}/schedules`, {
    data: {
      specification_id: spec.id,
      schedule_name: "Code digest",
      schedule_type: "weekly",
      schedule_config: { day_of_week: 2, time: "10:00", timezone: "Europe/Paris" },
      destinations: [{ type: "email", to: ["desk@example.com"] }],
    },
  });
  await page.goto(`/w/${ws}/autopilot`);
  await page.getByRole("link", { name: "As code" }).click();
  await expect(page.getByRole("heading", { name: "Schedules as code" })).toBeVisible();

  // The download is the API's document.
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download schedules (JSON)" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^autopilot-schedules-\d{4}-\d{2}-\d{2}\.json$/);
  const document = JSON.parse(readFileSync((await download.path())!, "utf8"));
  const names = document.schedules.map((s: { name: string }) => s.name);
  expect(names).toContain("Code digest");

  // Edited: a new time, another recipient, and a new schedule.
  const digest = document.schedules.find((s: { name: string }) => s.name === "Code digest");
  digest.schedule_config.time = "11:30";
  digest.email_to.push("lead@example.com");
  document.schedules.push({ ...digest, name: "Code digest (Fridays)", schedule_config: { ...digest.schedule_config, day_of_week: 4 } });
  await page.getByLabel("Or paste it").fill(JSON.stringify(document, null, 2));
  await page.getByRole("button", { name: "Preview changes" }).click();
  await expect(page.getByText("Dry run: 1 to create, 1 to update")).toBeVisible();
  const rows = page.getByTestId("import-changes").getByRole("row");
  await expect(rows.filter({ hasText: "Code digest (Fridays)" })).toContainText("Create");
  await expect(rows.filter({ hasText: /^Code digestUpdate/ })).toContainText("schedule_config, email_to");
  await snapshot(page, "96-schedules-as-code-preview");
  // The dry run changed nothing.
  const before = await (await page.request.get(`/api/workspaces/${ws}/schedules?q=Code`)).json();
  expect(before.items.map((s: { schedule_name: string }) => s.schedule_name)).toEqual(["Code digest"]);

  await page.getByRole("button", { name: "Apply 2 changes" }).click();
  await expect(page.getByText("Imported: 1 created, 1 updated")).toBeVisible();
  const after = await (await page.request.get(`/api/workspaces/${ws}/schedules?q=Code&sort=schedule_name`)).json();
  expect(after.items.map((s: { schedule_name: string; schedule_config: { time: string } }) => [s.schedule_name, s.schedule_config.time])).toEqual([
    ["Code digest", "11:30"],
    ["Code digest (Fridays)", "11:30"],
  ]);

  // A specification that does not exist: refused with the entry's place, nothing written.
  document.schedules.push({ ...digest, name: "Orphan", specification: "Nowhere" });
  await page.getByLabel("Or paste it").fill(JSON.stringify(document));
  await page.getByRole("button", { name: "Preview changes" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "no specification called “Nowhere”" })).toContainText(`schedules.${document.schedules.length - 1}.specification`);
  await expect(page.getByRole("button", { name: /^Apply/ })).toBeDisabled();
  await snapshot(page, "97-schedules-as-code-refused");
  await page.getByLabel("Or paste it").fill("{ not json");
  await page.getByRole("button", { name: "Preview changes" }).click();
  await expect(page.getByText("That is not JSON")).toBeVisible();

  // The API: a dry run, and a body that is not a document.
  const dry = await page.request.post(`/api/workspaces/${ws}/schedules/import?dry_run=true`, { data: { autopilot_schedules: 1, schedules: [] } });
  expect(dry.status()).toBe(200);
  expect((await dry.json()).kept.length).toBeGreaterThanOrEqual(2);
  const wrong = await page.request.post(`/api/workspaces/${ws}/schedules/import`, { data: { schedules: "all" } });
  expect(wrong.status()).toBe(400);
  expect(Object.keys((await wrong.json()).error.fields)).toEqual(expect.arrayContaining(["autopilot_schedules", "schedules"]));
});

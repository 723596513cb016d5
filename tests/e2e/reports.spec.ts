import { expect, test } from "@playwright/test";
import { PASSWORD, signUpInBrowser, snapshot, uniqueEmail } from "./helpers";

test("generate a report from the sample specification, watch it finish, read it, find it in the history", async ({ page }) => {
  await signUpInBrowser(page, uniqueEmail("reports"));

  await page.getByRole("link", { name: "Reports" }).click();
  await expect(page.getByText("No reports yet.")).toBeVisible();
  await page.getByRole("link", { name: "Generate a report" }).click();

  // Everything is preselected; select none / all work.
  const categories = page.getByRole("group", { name: "Categories" }).getByRole("checkbox");
  await expect(categories).toHaveCount(4);
  for (const box of await categories.all()) await expect(box).toBeChecked();
  await page.getByRole("button", { name: "Select none categories" }).click();
  for (const box of await categories.all()) await expect(box).not.toBeChecked();
  await page.getByRole("button", { name: "Generate" }).click();
  await expect(page.getByText("Select at least one category and one region.")).toBeVisible();
  await page.getByRole("button", { name: "Select all categories" }).click();
  await snapshot(page, "10-generate");

  await page.getByRole("button", { name: "Generate" }).click();
  const status = page.getByRole("status");
  await expect(status.getByText("Success")).toBeVisible();
  await expect(status).toContainText("48 items.");
  await snapshot(page, "11-generate-done");

  // The weekly specification now has its report for this week: a second run is refused, with the reason.
  await page.getByRole("button", { name: "Generate" }).click();
  await expect(page.getByText(/already has its weekly report for week \d+ of \d{4}, .* \(UTC\); the next one is allowed from \d{4}-\d{2}-\d{2} 00:00 UTC/)).toBeVisible();

  await page.getByRole("link", { name: "Open the report" }).click();
  await expect(page.getByRole("heading", { name: "Weekly Tech Briefing" })).toBeVisible();
  const report = page.frameLocator("iframe[title^='Report']");
  await expect(report.getByRole("heading", { name: "Weekly Tech Briefing" })).toBeVisible();
  await expect(report.getByText("Summary: 48 items")).toBeVisible();
  await expect(page.locator("iframe[title^='Report']")).toHaveAttribute("sandbox", "");
  await snapshot(page, "12-report-viewer");

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download HTML" }).click();
  expect((await download).suggestedFilename()).toMatch(/^weekly-tech-briefing-\d{4}-\d{2}-\d{2}\.html$/);

  await page.getByRole("link", { name: "All reports" }).click();
  const row = page.getByRole("row", { name: /Weekly Tech Briefing/ });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Success");
  await expect(row).toContainText("48");
  await snapshot(page, "13-reports-list");
});

test("the report's HTML is served sandboxed, and only to members", async ({ request, playwright }) => {
  const email = uniqueEmail("html");
  const signUp = await (await request.post("/api/auth/sign-up", { data: { email, password: PASSWORD } })).json();
  const ws = signUp.workspace_id;
  const spec = (await (await request.get(`/api/workspaces/${ws}/specifications`)).json()).items[0];

  const started = await request.post(`/api/workspaces/${ws}/runs`, { data: { specification_id: spec.id, cadence_override: "daily" } });
  expect(started.status()).toBe(202);
  const run = await started.json();
  expect(run.status).toBe("running");
  await expect.poll(async () => (await (await request.get(`/api/workspaces/${ws}/runs/${run.id}`)).json()).status).toBe("success");

  const html = await request.get(`/api/workspaces/${ws}/runs/${run.id}/html`);
  expect(html.status()).toBe(200);
  expect(html.headers()["content-type"]).toBe("text/html; charset=utf-8");
  expect(html.headers()["content-security-policy"]).toBe("sandbox; default-src 'none'; img-src https: data:; style-src 'unsafe-inline'");
  expect(html.headers()["x-content-type-options"]).toBe("nosniff");
  expect(await html.text()).toContain("<h1");
  const download = await request.get(`/api/workspaces/${ws}/runs/${run.id}/html?download=1`);
  expect(download.headers()["content-disposition"]).toMatch(/^attachment; filename="weekly-tech-briefing-\d{4}-\d{2}-\d{2}\.html"$/);

  // Bad input: unknown category 400 naming it, malformed id 400, another workspace 404.
  const unknown = await request.post(`/api/workspaces/${ws}/runs`, { data: { specification_id: spec.id, categories_override: ["nope"], cadence_override: "daily" } });
  expect(unknown.status()).toBe(400);
  expect((await unknown.json()).error.fields.categories_override).toMatch(/nope/);
  const badId = await request.post(`/api/workspaces/${ws}/runs`, { data: { specification_id: "123" } });
  expect((await badId.json()).error.fields.specification_id).toMatch(/UUID/);

  const stranger = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  await stranger.post("/api/auth/sign-up", { data: { email: uniqueEmail("stranger"), password: PASSWORD } });
  expect((await stranger.get(`/api/workspaces/${ws}/runs/${run.id}/html`)).status()).toBe(404);
  expect((await stranger.get(`/api/workspaces/${ws}/runs`)).status()).toBe(404);
  await stranger.dispose();

  // Content import: a bad item is reported by index and nothing is written.
  const before = (await (await request.get(`/api/workspaces/${ws}/content-items?limit=1`)).json()).total;
  const item = { category_id: "ai", region: "Europe", title: "T", url: "https://example.com/new", published_at: new Date().toISOString() };
  const rejected = await request.post(`/api/workspaces/${ws}/content-items`, { data: [item, { ...item, url: "javascript:alert(1)" }] });
  expect(rejected.status()).toBe(400);
  expect((await rejected.json()).error.fields).toHaveProperty(["1.url"]);
  expect((await (await request.get(`/api/workspaces/${ws}/content-items?limit=1`)).json()).total).toBe(before);
  const accepted = await request.post(`/api/workspaces/${ws}/content-items`, { data: [item] });
  expect(await accepted.json()).toEqual({ inserted: 1, updated: 0 });
});

import { expect, test } from "@playwright/test";
import { startSmtpSink } from "../integration/helpers/smtp-sink";
import { signUpInBrowser, snapshot, uniqueEmail } from "./helpers";

test.use({ timezoneId: "Europe/Berlin" });

/** "HH:MM" in Berlin, `hours` from now. */
function berlinTime(hours: number): { time: string; hour: number } {
  const at = new Date(Date.now() + hours * 3_600_000);
  const [hour, minute] = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Berlin", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at).split(":").map(Number);
  return { time: `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`, hour };
}

test("a second schedule on a specification is told before any run that the first one makes its reports, by name, in the editor, on its page and in the list, and one click fixes it", async ({ page }) => {
  const ws = await signUpInBrowser(page);
  const spec = (await (await page.request.get(`/api/workspaces/${ws}/specifications`)).json()).items[0];
  expect((await page.request.patch(`/api/workspaces/${ws}/specifications/${spec.id}`, { data: { frequency: "daily" } })).status()).toBe(200);
  // Both next slots fall on one Berlin day, the first schedule's first: in two and three hours, or just after midnight.
  const late = berlinTime(3).hour < berlinTime(0).hour;
  const first = late ? "00:10" : berlinTime(2).time;
  const second = late ? "00:20" : berlinTime(3).time;
  const early = await page.request.post(`/api/workspaces/${ws}/schedules`, {
    data: { specification_id: spec.id, schedule_name: "Early briefing", schedule_type: "daily", schedule_config: { time: first, timezone: "Europe/Berlin" } },
  });
  expect(early.status()).toBe(201);

  // The editor: every slot of a daily schedule after it is skipped, naming it, and it says so before saving.
  await page.goto(`/w/${ws}/autopilot/new`);
  await expect(page.getByTestId("schedule-description")).toBeVisible(); // the editor runs in the browser
  await page.getByLabel("Schedule name").fill("Daily exec briefing");
  await page.getByLabel("Cadence").selectOption("daily");
  await page.getByLabel("Time (24-hour)").fill(second);
  const skipped = page.getByTestId("preview-skipped");
  await expect(skipped).toHaveCount(5);
  await expect(skipped.first()).toContainText("Skipped: its period's report is made by “Early briefing” at");
  await expect(page.getByTestId("never-delivers")).toContainText("As things stand this schedule makes no report");
  await snapshot(page, "80-editor-never-delivers");
  await page.getByRole("button", { name: "Create schedule" }).click();

  // Its page and the list say the same, before any run.
  await expect(page.getByRole("heading", { name: "Daily exec briefing" })).toBeVisible();
  await expect(page.getByText("Active, but it makes no report.")).toBeVisible();
  await expect(page.getByTestId("next-run-skipped")).toHaveCount(5);
  await expect(page.getByTestId("next-run-skipped").first()).toContainText("“Early briefing”");
  await page.getByRole("link", { name: "Autopilot", exact: true }).click();
  const row = page.getByRole("row", { name: /Daily exec briefing/ });
  await expect(row.getByTestId("next-report")).toContainText("Makes no report soon");
  await expect(row.getByTestId("next-report")).toContainText("“Early briefing”");
  const earlyRow = page.getByRole("row").filter({ has: page.getByRole("link", { name: "Early briefing", exact: true }) });
  await expect(earlyRow.getByTestId("next-report")).not.toContainText("skipped");
  await snapshot(page, "81-list-predictions");

  // One click in the editor reports at every slot; the page then promises every slot.
  await row.getByRole("link", { name: "Daily exec briefing" }).click();
  await page.getByRole("link", { name: "Edit" }).click();
  await expect(page.getByTestId("never-delivers")).toBeVisible();
  await page.getByRole("button", { name: "Report at every slot" }).click();
  await expect(page.getByTestId("never-delivers")).toBeHidden();
  await expect(page.getByTestId("preview-skipped")).toHaveCount(0);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status").filter({ hasText: /^Changes saved\. Next report: / })).toBeVisible();
  await expect(page.getByTestId("next-run-skipped")).toHaveCount(0);
});

test("a new user goes from sign-up to a delivered report: the guide, a schedule on the sample specification, a test run, its email and the report", async ({ page }) => {
  test.setTimeout(120_000);
  const smtp = await startSmtpSink(Number(process.env.E2E_SMTP_PORT ?? 2626));
  try {
    const email = uniqueEmail("first");
    const ws = await signUpInBrowser(page, email);
    const guide = page.getByTestId("first-report-guide");
    await expect(guide).toContainText("Get your first report in two minutes");
    await snapshot(page, "82-first-report-guide");
    await guide.getByRole("link", { name: "Schedule it" }).click();
    await expect(page).toHaveURL(new RegExp(`/w/${ws}/autopilot/new\\?specification_id=`));
    await expect(page.getByLabel("Specification")).toHaveValue(/[0-9a-f-]{36}/);
    await expect(page.getByTestId("preview-run")).toHaveCount(5);
    await page.getByRole("button", { name: "Create schedule" }).click();
    await expect(page.getByRole("status").filter({ hasText: /^Schedule created\. Next report: / })).toBeVisible();
    await page.getByRole("button", { name: /Test run/ }).click();
    await expect(page.getByTestId("delivery-summary").first()).toContainText("delivered 1 of 1", { timeout: 30_000 });
    await expect.poll(() => smtp.to(email).length, { timeout: 15_000 }).toBe(1);
    expect(smtp.to(email)[0].subject).toMatch(/^\[Test\] Weekly Tech Briefing on Autopilot — /);
    await page.getByRole("link", { name: /^Open/ }).first().click();
    await expect(page.frameLocator("iframe").locator("body")).toContainText("Weekly Tech Briefing");
    // Once a schedule exists the guide is gone.
    await page.goto(`/w/${ws}/specifications`);
    await expect(page.getByRole("heading", { name: "Specifications" })).toBeVisible();
    await expect(page.getByTestId("first-report-guide")).toHaveCount(0);
  } finally {
    await smtp.close();
  }
});

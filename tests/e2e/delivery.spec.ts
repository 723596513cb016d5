import { createHmac } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { startHttpReceiver } from "../integration/helpers/http-receiver";
import { startSmtpSink } from "../integration/helpers/smtp-sink";
import { PASSWORD, snapshot, uniqueEmail } from "./helpers";

// The server sends email here (SMTP_URL in playwright.config.ts).
const SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? 2626);

test.use({ timezoneId: "Europe/Berlin" });

test("add recipients and a webhook in the editor, send the webhook a test, test-run the schedule and see each delivery's state in the history", async ({ page }) => {
  test.setTimeout(150_000);
  const smtp = await startSmtpSink(SMTP_PORT);
  const receiver = await startHttpReceiver();
  try {
    const email = uniqueEmail("delivery");
    await page.goto("/sign-up");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByRole("heading", { name: "Specifications" })).toBeVisible();
    await page.getByRole("link", { name: "Autopilot", exact: true }).click();
    await page.getByRole("link", { name: "New schedule" }).first().click();

    // Recipients and a webhook, each with its own test.
    await page.getByLabel("Schedule name").fill("Delivered briefing");
    await page.getByRole("textbox", { name: "Email recipients" }).fill("team@example.com, boss@example.com");
    await page.getByRole("button", { name: "Add a webhook" }).click();
    await page.getByLabel("Webhook URL 1", { exact: true }).fill(receiver.url("/hook"));
    // A secret can be generated for the person, shown once to copy; here they type their receiver's own instead.
    await page.getByRole("button", { name: "Generate a secret for webhook 1" }).click();
    const generated = (await page.getByTestId("generated-secret").locator("code").textContent())!;
    expect(generated).toMatch(/^whsec_[0-9a-f]{64}$/);
    await expect(page.getByLabel("Signing secret")).toHaveValue(generated);
    await page.getByLabel("Signing secret").fill("e2e-secret-0123456789");
    await page.getByRole("button", { name: "Send a test to webhook 1" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Test sent." })).toBeVisible();
    const [tested] = receiver.at("/hook");
    expect(JSON.parse(tested.body)).toMatchObject({ event: "report.generated", test: true });
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(tested.headers["autopilot-signature"]))!;
    expect(createHmac("sha256", "e2e-secret-0123456789").update(`${t}.${tested.body}`).digest("hex")).toBe(v1);

    // A Microsoft Teams and a Discord channel by their incoming webhooks, each tested in its own format.
    await page.getByRole("button", { name: "Add a Microsoft Teams channel" }).click();
    await page.getByLabel("Microsoft Teams incoming webhook URL 1").fill(receiver.url("/teams"));
    await page.getByRole("button", { name: "Send a test to Microsoft Teams channel 1" }).click();
    await page.getByRole("button", { name: "Add a Discord channel" }).click();
    await page.getByLabel("Discord incoming webhook URL 1").fill(receiver.url("/discord"));
    await page.getByRole("button", { name: "Send a test to Discord channel 1" }).click();
    await expect.poll(() => receiver.at("/teams").length + receiver.at("/discord").length).toBe(2);
    expect(JSON.parse(receiver.at("/teams")[0].body)).toMatchObject({ type: "message", attachments: [{ contentType: "application/vnd.microsoft.card.adaptive" }] });
    expect(JSON.parse(receiver.at("/discord")[0].body)).toMatchObject({ allowed_mentions: { parse: [] }, embeds: [{ title: expect.stringMatching(/^\[Test\] /) }] });

    // A bad address is named before anything is saved.
    await page.getByRole("textbox", { name: "Email recipients" }).fill("team@example.com, not-an-address");
    await page.getByRole("button", { name: "Create schedule" }).click();
    await expect(page.locator("#email_to-error")).toContainText("email address");
    await page.getByRole("textbox", { name: "Email recipients" }).fill("team@example.com, boss@example.com");
    await snapshot(page, "40-editor-delivery");
    await page.getByRole("button", { name: "Create schedule" }).click();

    // The details page says where reports go; a test run reaches only the person who pressed it.
    await expect(page.getByRole("heading", { name: "Delivered briefing" })).toBeVisible();
    await expect(page.getByText(/Delivers to: .*boss@example.com.*team@example.com by email · Microsoft Teams \(127\.0\.0\.1:\d+ …eams \([0-9a-f]{8}\)\) · Discord \(.*\) · webhook \(127\.0\.0\.1(:\d+)?\)/)).toBeVisible();
    await page.getByRole("button", { name: /Test run/ }).click();
    const history = page.getByRole("table");
    await expect(history.getByRole("list", { name: "Deliveries" })).toContainText(`Email (test) · ${email}: sent`, { timeout: 30_000 });
    await snapshot(page, "41-history-deliveries");
    await expect.poll(() => smtp.to(email).length).toBe(1);
    expect(smtp.to(email)[0].subject).toMatch(/^\[Test\] Delivered briefing — /);
    expect(smtp.to("team@example.com")).toHaveLength(0);
    expect(receiver.at("/hook")).toHaveLength(1);

    // The email's link opens the report for someone with no account, and only while it is not revoked.
    const link = /https?:\/\/[^"\s]+\/r\/[A-Za-z0-9_-]{43}/.exec(String(smtp.to(email)[0].html))![0];
    const reportPage = page.url();
    const stranger = await page.context().browser()!.newContext({ timezoneId: "Asia/Kolkata" });
    const reader = await stranger.newPage();
    await reader.goto(new URL(new URL(link).pathname, page.url()).toString());
    await expect(reader.getByRole("heading", { name: "Weekly Tech Briefing" })).toBeVisible();
    await expect(reader.getByText(/Asia\/Kolkata/)).toBeVisible(); // "made …" in the reader's own zone, by its name of today (the browser says Asia/Calcutta)
    await expect(reader.frameLocator("iframe").locator("body")).toContainText("Weekly Tech Briefing");
    await snapshot(reader, "42-recipient-link");
    const { violations } = await new AxeBuilder({ page: reader }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).exclude("iframe[sandbox]").options({ iframes: false }).setLegacyMode(true).analyze();
    expect(violations.map((v) => v.id)).toEqual([]);

    // A signed-out member who follows an in-app link signs in and lands where the link pointed.
    await reader.goto(new URL(reportPage).pathname);
    await expect(reader).toHaveURL(/\/sign-in\?next=%2Fw%2F/);
    await reader.getByLabel("Email").fill(email);
    await reader.getByLabel("Password").fill(PASSWORD);
    await reader.getByRole("button", { name: "Sign in" }).click();
    await expect(reader).toHaveURL(new URL(reportPage).pathname);
    await expect(reader.getByRole("heading", { name: "Delivered briefing" })).toBeVisible();

    // The report's page offers to revoke the recipients' links; afterwards the link answers "not found".
    await page.getByRole("link", { name: /^Open/ }).first().click();
    await expect(page.getByTestId("recipient-links")).toContainText("1 recipient link");
    await page.getByRole("button", { name: "Revoke recipients' links" }).click();
    await page.getByRole("button", { name: "Revoke links" }).click();
    await expect(page.getByRole("status")).toContainText("Revoked 1 link");
    await page.getByRole("link", { name: "All reports" }).waitFor();
    const gone = await stranger.request.get(new URL(new URL(link).pathname, page.url()).toString());
    expect(gone.status()).toBe(404);
    await stranger.close();
    await page.goBack();

    // The editor shows what is saved: recipients, and the webhook with its secret kept, never shown.
    await page.getByRole("link", { name: "Edit" }).click();
    await expect(page.getByRole("textbox", { name: "Email recipients" })).toHaveValue("boss@example.com\nteam@example.com");
    await expect(page.getByLabel("Webhook URL 1", { exact: true })).toHaveValue(receiver.url("/hook"));
    await expect(page.getByLabel("Signing secret")).toHaveValue("");
    await expect(page.getByText("Kept. Type a new one to replace it.")).toBeVisible();
  } finally {
    await smtp.close();
    await receiver.close();
  }
});

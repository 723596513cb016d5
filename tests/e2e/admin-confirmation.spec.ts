import { expect, test } from "@playwright/test";
import { startSmtpSink } from "../integration/helpers/smtp-sink";
import { signUpInBrowser, snapshot } from "./helpers";

// The server sends email here (SMTP_URL in playwright.config.ts).
const SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? 2626);

test("an ADMIN_EMAILS address gets the Admin dashboard only after confirming it by the emailed link", async ({ page }) => {
  const smtp = await startSmtpSink(SMTP_PORT);
  try {
    await signUpInBrowser(page, "confirm-admin@e2e.test");
    expect((await page.request.get("/api/admin/stats")).status()).toBe(403);

    await expect.poll(() => smtp.received.filter((m) => m.to && JSON.stringify(m.to).includes("confirm-admin@e2e.test")).length).toBe(1);
    const path = smtp.received[0].text!.match(/\/confirm-email\/[\w-]{43}/)![0];
    await page.goto(path);
    await expect(page.getByText("confirm-admin@e2e.test is listed as an Autopilot administrator")).toBeVisible();
    await snapshot(page, "admin-confirmation-01-page");
    await page.getByRole("button", { name: "Confirm confirm-admin@e2e.test" }).click();
    await expect(page.getByText("confirm-admin@e2e.test is confirmed.")).toBeVisible();
    expect((await page.request.get("/api/admin/stats")).status()).toBe(200);

    // The link works once.
    await page.goto(path);
    await expect(page.getByText("This confirmation link is not valid any more")).toBeVisible();
  } finally {
    await smtp.close();
  }
});

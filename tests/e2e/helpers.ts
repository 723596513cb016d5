import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, type APIRequestContext, type Page } from "@playwright/test";

export const PASSWORD = "e2e-password-1";

export function uniqueEmail(name: string): string {
  return `${name}-${randomBytes(4).toString("hex")}@example.com`;
}

/** Screenshots every page we visit, kept as test artifacts under test-results/screenshots. */
export async function snapshot(page: Page, name: string): Promise<void> {
  mkdirSync("test-results/screenshots", { recursive: true });
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}

export async function signUpThroughApi(request: APIRequestContext, email = uniqueEmail("api")) {
  const response = await request.post("/api/auth/sign-up", { data: { email, password: PASSWORD } });
  if (response.status() !== 201) throw new Error(`sign-up failed: ${response.status()} ${await response.text()}`);
  return { email, ...(await response.json()) } as { email: string; workspace_id: string; user: { id: string } };
}

/** The operator confirms an ADMIN_EMAILS address (what `npm run admin -- grant` does), with the cron secret. */
export async function grantAdmin(request: APIRequestContext, email: string): Promise<void> {
  // The first answer names the account (and emails it a confirmation link); the operator approves that account.
  const first = await request.post("/api/admin/grant", { headers: { Authorization: "Bearer e2e-cron-secret" }, data: { email } });
  const account_id = (await first.text()).match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/)?.[0];
  const response = await request.post("/api/admin/grant", { headers: { Authorization: "Bearer e2e-cron-secret" }, data: { email, account_id } });
  if (response.status() !== 200) throw new Error(`grant failed: ${response.status()} ${await response.text()}`);
}

/** Signs up through the sign-up page as a person would; returns the new workspace's id. */
export async function signUpInBrowser(page: Page, email = uniqueEmail("person")): Promise<string> {
  await page.goto("/sign-up");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Specifications" })).toBeVisible();
  return new URL(page.url()).pathname.split("/")[2];
}

/** axe-core's WCAG 2.1 A and AA rules over the page as it stands: every violation, with where it is. */
export async function expectNoViolations(page: Page, name: string) {
  // The report itself is the user's HTML in a sandboxed frame where no script runs (axe's included): the
  // page around it is what is checked there.
  const hasSandboxedFrame = (await page.locator("iframe[sandbox]").count()) > 0;
  const builder = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]);
  const { violations } = await (hasSandboxedFrame ? builder.exclude("iframe[sandbox]").options({ iframes: false }).setLegacyMode(true) : builder).analyze();
  const found = violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(" | ")}`);
  expect(found, `${name}: axe violations`).toEqual([]);
}

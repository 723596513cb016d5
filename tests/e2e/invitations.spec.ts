import { expect, test } from "@playwright/test";
import { startSmtpSink } from "../integration/helpers/smtp-sink";
import { PASSWORD, signUpInBrowser, snapshot, uniqueEmail } from "./helpers";

// The server sends email here (SMTP_URL in playwright.config.ts).
const SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? 2626);

test("an owner invites an address; that person signs up from the emailed link and joins; nobody else can use it", async ({ page, browser }) => {
  const smtp = await startSmtpSink(SMTP_PORT);
  try {
    const ownerEmail = uniqueEmail("owner");
    const inviteeEmail = uniqueEmail("invitee");
    const ws = await signUpInBrowser(page, ownerEmail);

    await page.goto(`/w/${ws}/members`);
    await expect(page.getByRole("heading", { name: "Invite someone" })).toBeVisible();
    await page.getByLabel("Email address").fill("not an address");
    await page.getByRole("button", { name: "Invite" }).click();
    await expect(page.getByText("Enter a valid email address")).toBeVisible();
    await page.getByLabel("Email address").fill(inviteeEmail);
    await page.getByRole("button", { name: "Invite" }).click();
    await expect(page.getByText(`Invitation emailed to ${inviteeEmail}.`)).toBeVisible();
    const link = await page.getByLabel("Invitation link").inputValue();
    expect(link).toMatch(/\/invite\/[\w-]{43}$/);
    // Waiting, not a member: listed apart, with when the link stops working.
    const invited = page.getByRole("list", { name: "Open invitations" });
    await expect(invited.getByText(inviteeEmail)).toBeVisible();
    await expect(invited.getByText(/Waiting for an answer · link works until/)).toBeVisible();
    await snapshot(page, "invitations-01-owner-invited");

    await expect.poll(() => smtp.received.filter((m) => m.subject?.startsWith("Join ")).length).toBe(1);
    const mail = smtp.received.find((m) => m.subject?.startsWith("Join "))!;
    expect(mail.text).toContain(link.replace(/^https?:\/\/[^/]+/, ""));

    // Someone else signed in cannot use the link.
    const otherContext = await browser.newContext();
    const other = await otherContext.newPage();
    await signUpInBrowser(other, uniqueEmail("other"));
    await other.goto(new URL(link).pathname);
    await expect(other.getByText(`Sign out, then sign in with ${inviteeEmail} to accept.`)).toBeVisible();
    await expect(other.getByRole("button", { name: /^Join / })).toHaveCount(0);
    await otherContext.close();

    // The invitee opens the link, creates an account, comes back to the invitation and joins.
    const inviteeContext = await browser.newContext();
    const invitee = await inviteeContext.newPage();
    await invitee.goto(new URL(link).pathname);
    await expect(invitee.getByText(`${ownerEmail} invited ${inviteeEmail} to join`)).toBeVisible();
    await snapshot(invitee, "invitations-02-link-signed-out");
    await invitee.getByRole("link", { name: "create an account" }).click();
    await invitee.getByLabel("Email").fill(inviteeEmail);
    await invitee.getByLabel("Password").fill(PASSWORD);
    await invitee.getByRole("button", { name: "Create account" }).click();
    await expect(invitee).toHaveURL(new RegExp(`${new URL(link).pathname}$`));
    await snapshot(invitee, "invitations-03-link-signed-in");
    await invitee.getByRole("button", { name: /^Join / }).click();
    await expect(invitee).toHaveURL(new RegExp(`/w/${ws}/specifications$`));
    await expect(invitee.getByRole("link", { name: /Weekly Tech Briefing/ })).toBeVisible();
    await inviteeContext.close();

    // The owner sees a member, and no open invitation.
    await page.reload();
    await expect(page.getByRole("list", { name: "Open invitations" })).toHaveCount(0);
    await expect(page.getByText(inviteeEmail)).toBeVisible();
    await snapshot(page, "invitations-04-owner-member-joined");
  } finally {
    await smtp.close();
  }
});

test("a link the owner shares by hand lets the invitee ask to join; the owner approves them on the Members page", async ({ page, browser }, testInfo) => {
  // Supabase Auth confirms every address at sign-up, and a confirmed account joins at once.
  test.skip(testInfo.project.name === "supabase", "Supabase accounts have confirmed addresses");
  // No mail server is listening here, so the invitation cannot be emailed: its link proves nothing by itself.
  const ownerEmail = uniqueEmail("owner-approves");
  const inviteeEmail = uniqueEmail("asks");
  const ws = await signUpInBrowser(page, ownerEmail);
  await page.goto(`/w/${ws}/members`);
  await page.getByLabel("Email address").fill(inviteeEmail);
  await page.getByRole("button", { name: "Invite" }).click();
  await expect(page.getByText(`Invitation ready for ${inviteeEmail}; it was not emailed, so share the link yourself.`)).toBeVisible();
  const link = await page.getByLabel("Invitation link").inputValue();

  const inviteeContext = await browser.newContext();
  const invitee = await inviteeContext.newPage();
  await signUpInBrowser(invitee, inviteeEmail);
  await invitee.goto(new URL(link).pathname);
  await invitee.getByRole("button", { name: /^Join / }).click();
  await expect(invitee.getByText(/You asked to join .+\. This link was not emailed to you, so an owner of the workspace approves first/)).toBeVisible();
  await snapshot(invitee, "invitations-05-asked-to-join");
  expect((await invitee.request.get(`/api/workspaces/${ws}/specifications`)).status()).toBe(404);

  await page.reload();
  const invited = page.getByRole("list", { name: "Open invitations" });
  await expect(invited.getByText(/Asked to join .+ with a link that was not emailed to them/)).toBeVisible();
  await snapshot(page, "invitations-06-owner-approves");
  await invited.getByRole("button", { name: `Approve ${inviteeEmail} joining` }).click();
  await expect(page.getByRole("list", { name: "Open invitations" })).toHaveCount(0);
  expect((await invitee.request.get(`/api/workspaces/${ws}/specifications`)).status()).toBe(200);
  await inviteeContext.close();
});

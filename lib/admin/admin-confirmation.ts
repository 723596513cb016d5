import "server-only";
import { randomUUID } from "node:crypto";
import { hashSecretToken, newSecretToken } from "@/lib/http/secret-token";
import { adminEmails, appUrl, emailSettings, supabaseSettings } from "@/lib/config";
import { appendAudit } from "@/lib/db/audit-log";
import { getDatabase } from "@/lib/db/connection";
import type { Database } from "@/lib/db/database";
import { consumeEmailConfirmation, findEmailConfirmation, insertEmailConfirmation } from "@/lib/db/email-confirmations";
import { withSystem } from "@/lib/db/transactions";
import { sendEmail } from "@/lib/delivery/send-email";
import { escapeHtml } from "@/lib/generator/html";
import { log } from "@/lib/log";

const CONFIRMATION_HOURS = 24;

/**
 * A local account whose address ADMIN_EMAILS lists gets admin rights only once the address is confirmed: with
 * email configured, by a link sent to it (otherwise the operator runs `npm run admin -- grant <email>`).
 * The link works only for someone signed in to this account. Returns whether a link was sent; a failure to send
 * is logged, never the sign-up's failure.
 */
export async function sendAdminConfirmation(db: Database, user: { id: string; email: string; emailVerified?: boolean }): Promise<boolean> {
  const settings = emailSettings();
  if (!settings || supabaseSettings() || user.emailVerified || !adminEmails().has(user.email.toLowerCase())) return false;
  const token = newSecretToken();
  await withSystem(db, (tx) => insertEmailConfirmation(tx, { userId: user.id, tokenHash: hashSecretToken(token), expiresAt: new Date(Date.now() + CONFIRMATION_HOURS * 3600_000) }));
  const link = `${appUrl()}/confirm-email/${token}`;
  const result = await sendEmail(settings, user.email, {
    subject: "Confirm your address to use Autopilot's admin dashboard",
    text: `This address is listed as an Autopilot administrator. Confirm it to get admin rights, signed in to the account you created with it:\n\n${link}\n\nThe link works for ${CONFIRMATION_HOURS} hours. If you did not create this account, ignore this email: nothing changes until the link is used.\n`,
    html: `<p>This address is listed as an Autopilot administrator. Confirm it to get admin rights:</p><p><a href="${escapeHtml(link)}">Confirm ${escapeHtml(user.email)}</a></p><p>The link works for ${CONFIRMATION_HOURS} hours. If you did not create this account, ignore this email: nothing changes until the link is used.</p>`,
    attachments: [],
    headers: {},
    messageId: `<confirm-${randomUUID()}@autopilot>`,
  });
  if (!result.ok) log.warn({ email: user.email, error: result.error }, "could not send the admin confirmation email");
  return result.ok;
}

/** The address a confirmation link is for, while it works (for the page that asks to confirm). */
export function pendingConfirmation(db: Database, token: string): Promise<string | null> {
  return withSystem(db, (tx) => findEmailConfirmation(tx, hashSecretToken(token)));
}

/**
 * Uses a confirmation link, signed in as the account it was sent for: holding the mailbox and the account's
 * password together is the proof (whoever registered someone else's address first cannot use the link, and the
 * address's owner cannot confirm the squatter's account by clicking it). The address is confirmed and audited;
 * null when the link is unknown, used, expired, or for another account.
 */
export function confirmAdminEmail(db: Database, token: string, account: { id: string }): Promise<string | null> {
  return withSystem(db, async (tx) => {
    const email = await consumeEmailConfirmation(tx, { tokenHash: hashSecretToken(token), userId: account.id });
    if (email) await appendAudit(tx, { workspaceId: null, actorType: "user", actorId: account.id, actorEmail: email, action: "admin.confirm", entityType: "user", entityId: email, details: { email } });
    return email;
  });
}

/** For the confirmation page and route: the app's own database. */
export const pendingConfirmationInApp = async (token: string) => pendingConfirmation(await getDatabase(), token);
export const confirmAdminEmailInApp = async (token: string, account: { id: string }) => confirmAdminEmail(await getDatabase(), token, account);

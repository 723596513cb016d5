import "server-only";
import { adminEmails, emailSettings, supabaseSettings } from "@/lib/config";
import { sendAdminConfirmation } from "./admin-confirmation";
import { getDatabase } from "@/lib/db/connection";
import type { Database } from "@/lib/db/database";
import { appendAudit } from "@/lib/db/audit-log";
import { withSystem } from "@/lib/db/transactions";
import { confirmEmail, findUserByEmail } from "@/lib/db/users";
import { AppError } from "@/lib/errors/app-error";

export type GrantOutcome = { email: string; admin: true } | { email: string; admin: false; confirmation_sent: true; account_id: string; account_created_at: Date };

/**
 * The operator makes a local account whose address ADMIN_EMAILS lists an admin. Whoever registered the address
 * first holds that account, so the grant never trusts the address alone: the operator approves one account
 * explicitly, by the id the first answer names (after checking with the person that it is theirs), or, with
 * email configured, that first answer also emails the confirmation link, which works only signed in to the
 * account (proof of both the mailbox and the account). With Supabase the user confirms their own address, so
 * this refuses.
 */
export async function grantAdmin(db: Database, email: string, { accountId }: { accountId?: string } = {}): Promise<GrantOutcome> {
  if (supabaseSettings()) throw new AppError("conflict", "With Supabase Auth, admins confirm their own address; nothing to grant here");
  const address = email.trim().toLowerCase();
  if (!adminEmails().has(address)) throw new AppError("validation_failed", "Not an admin address", { email: `${address} is not listed in ADMIN_EMAILS` });
  const account = await withSystem(db, (tx) => findUserByEmail(tx, address));
  if (!account) throw new AppError("not_found", "No account with this email", { email: `No account with the email ${address}; sign up first` });
  if (emailSettings() && accountId === undefined) {
    if (account.email_verified) return { email: address, admin: true };
    const sent = await sendAdminConfirmation(db, { id: account.id, email: account.email, emailVerified: account.email_verified });
    if (sent) return { email: address, admin: false, confirmation_sent: true, account_id: account.id, account_created_at: account.created_at };
  }
  if (accountId !== account.id) {
    const unsent = emailSettings() ? "The confirmation email could not be sent. " : "";
    throw new AppError("conflict", "Approve one account explicitly", {
      account_id: `${unsent}The account with ${address} has the id ${account.id} (created ${account.created_at.toISOString().slice(0, 16).replace("T", " ")} UTC). If the person confirms it is theirs, grant again with that id.`,
    });
  }
  await withSystem(db, async (tx) => {
    await confirmEmail(tx, address);
    await appendAudit(tx, { workspaceId: null, actorType: "system", action: "admin.grant", entityType: "user", entityId: address, details: { email: address, account_id: account.id } });
  });
  return { email: address, admin: true };
}

/** For the operators' route: the app's own database. */
export async function grantAdminInApp(email: string, options: { accountId?: string } = {}): Promise<GrantOutcome> {
  return grantAdmin(await getDatabase(), email, options);
}

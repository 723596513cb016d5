import "server-only";
import { adminEmails, supabaseSettings } from "@/lib/config";
import { getDatabase } from "@/lib/db/connection";
import type { Database } from "@/lib/db/database";
import { appendAudit } from "@/lib/db/audit-log";
import { withSystem } from "@/lib/db/transactions";
import { confirmEmail } from "@/lib/db/users";
import { AppError } from "@/lib/errors/app-error";

/**
 * The operator vouches for a local account's address, which gives it admin rights if ADMIN_EMAILS lists it.
 * With Supabase the user confirms their own address, so this refuses.
 */
export async function grantAdmin(db: Database, email: string): Promise<{ email: string; admin: boolean }> {
  if (supabaseSettings()) throw new AppError("conflict", "With Supabase Auth, admins confirm their own address; nothing to grant here");
  const address = email.trim().toLowerCase();
  if (!adminEmails().has(address)) throw new AppError("validation_failed", "Not an admin address", { email: `${address} is not listed in ADMIN_EMAILS` });
  const found = await withSystem(db, async (tx) => {
    const exists = await confirmEmail(tx, address);
    if (exists) await appendAudit(tx, { workspaceId: null, actorType: "system", action: "admin.grant", entityType: "user", entityId: address, details: { email: address } });
    return exists;
  });
  if (!found) throw new AppError("not_found", "No account with this email", { email: `No account with the email ${address}; sign up first` });
  return { email: address, admin: true };
}

/** For the operators' route: the app's own database. */
export async function grantAdminInApp(email: string): Promise<{ email: string; admin: boolean }> {
  return grantAdmin(await getDatabase(), email);
}

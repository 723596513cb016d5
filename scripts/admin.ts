/**
 * Operators' commands, run where the app's database is reachable (the embedded one only while the app is
 * stopped; while it runs, POST /api/admin/grant with the cron secret does the same):
 *   npm run admin -- grant <email> [<account id>]
 *     make the local account with an ADMIN_EMAILS address an admin: with SMTP_URL set, it emails the account a
 *     confirmation link (it works only signed in to that account); without, it names the account's id and
 *     creation time, and grants when run again with that id (check with the person that it is theirs).
 */
import { grantAdmin } from "../lib/admin/admin-grant";
import { migrate } from "../lib/db/migrate";
import { openScriptDatabase } from "./open-database";

const [command, email, accountId] = process.argv.slice(2);
if (command !== "grant" || !email) {
  console.error("Usage: npm run admin -- grant <email> [<account id>]");
  process.exit(2);
}
const { db, embedded } = await openScriptDatabase();
try {
  if (embedded) await migrate(db);
  const granted = await grantAdmin(db, email, { accountId });
  console.log(granted.admin ? `${granted.email} is now a platform admin.` : `A confirmation link was emailed to ${granted.email}; it works only signed in to that account.`);
} catch (error) {
  const fields = (error as { fields?: Record<string, string> }).fields;
  console.error(fields ? Object.values(fields).join("; ") : error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
} finally {
  await db.close();
}

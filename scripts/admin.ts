/**
 * Operators' commands, run where the app's database is reachable (the embedded one only while the app is
 * stopped; while it runs, POST /api/admin/grant with the cron secret does the same):
 *   npm run admin -- grant <email>    confirm an ADMIN_EMAILS address of a local account, making it an admin
 */
import { grantAdmin } from "../lib/admin/admin-grant";
import { migrate } from "../lib/db/migrate";
import { openScriptDatabase } from "./open-database";

const [command, email] = process.argv.slice(2);
if (command !== "grant" || !email) {
  console.error("Usage: npm run admin -- grant <email>");
  process.exit(2);
}
const { db, embedded } = await openScriptDatabase();
try {
  if (embedded) await migrate(db);
  const granted = await grantAdmin(db, email);
  console.log(`${granted.email} is now a platform admin.`);
} catch (error) {
  const fields = (error as { fields?: Record<string, string> }).fields;
  console.error(fields ? Object.values(fields).join("; ") : error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
} finally {
  await db.close();
}

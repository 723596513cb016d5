/**
 * Operators' commands, run where the app's database is reachable (the embedded one only while the app is
 * stopped; while it runs, POST /api/admin/grant with the cron secret does the same):
 *   npm run admin -- grant <email>    confirm an ADMIN_EMAILS address of a local account, making it an admin
 */
import { databaseUrl, pgliteDataDir } from "../lib/config";
import { grantAdmin } from "../lib/admin/admin-grant";
import { migrate } from "../lib/db/migrate";
import { openPgliteDatabase } from "../lib/db/pglite-database";
import { openPostgresDatabase } from "../lib/db/postgres-database";

const [command, email] = process.argv.slice(2);
if (command !== "grant" || !email) {
  console.error("Usage: npm run admin -- grant <email>");
  process.exit(2);
}
const url = databaseUrl();
const db = url ? openPostgresDatabase(url) : await openPgliteDatabase(pgliteDataDir());
try {
  if (!url) await migrate(db);
  const granted = await grantAdmin(db, email);
  console.log(`${granted.email} is now a platform admin.`);
} catch (error) {
  const fields = (error as { fields?: Record<string, string> }).fields;
  console.error(fields ? Object.values(fields).join("; ") : error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
} finally {
  await db.close();
}

/**
 * Applies supabase/migrations to the database in DATABASE_URL (or the embedded one when unset).
 *   DATABASE_URL=postgres://… npm run db:migrate
 */
import { databaseUrl, pgliteDataDir } from "../lib/config";
import { migrate } from "../lib/db/migrate";
import { openPgliteDatabase } from "../lib/db/pglite-database";
import { openPostgresDatabase } from "../lib/db/postgres-database";

const url = databaseUrl();
const db = url ? openPostgresDatabase(url, 1) : await openPgliteDatabase(pgliteDataDir());
try {
  const result = await migrate(db);
  console.log(
    JSON.stringify({
      database: db.kind,
      auth_compat: result.authCompat,
      applied: result.applied,
      already_applied: result.skipped.length,
    }),
  );
} catch (error) {
  console.error(`Migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await db.close();
}

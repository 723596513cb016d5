/**
 * Applies supabase/migrations to the database in DATABASE_URL (or the embedded one when unset).
 *   DATABASE_URL=postgres://… npm run db:migrate
 */
import { migrate } from "../lib/db/migrate";
import { openScriptDatabase } from "./open-database";

const { db } = await openScriptDatabase({ maxConnections: 1 });
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

import { databaseUrl, pgliteDataDir } from "../lib/config";
import type { Database } from "../lib/db/database";
import { openPgliteDatabase } from "../lib/db/pglite-database";
import { openPostgresDatabase } from "../lib/db/postgres-database";

/**
 * The database a command-line script works on: DATABASE_URL's server, or the embedded data folder, which is
 * refused with a plain message (exit 1) while another process (the running app) holds it.
 */
export async function openScriptDatabase({ maxConnections }: { maxConnections?: number } = {}): Promise<{ db: Database; embedded: boolean }> {
  const url = databaseUrl();
  if (url) return { db: openPostgresDatabase(url, maxConnections), embedded: false };
  try {
    return { db: await openPgliteDatabase(pgliteDataDir()), embedded: true };
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}

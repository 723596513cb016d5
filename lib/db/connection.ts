import "server-only";
import { databaseUrl, pgliteDataDir } from "@/lib/config";
import type { Database } from "./database";
import { migrate } from "./migrate";
import { openPgliteDatabase } from "./pglite-database";
import { openPostgresDatabase } from "./postgres-database";

// One database per process. Kept on globalThis so Next's dev reloads and route bundles share it
// (PGlite allows only one opener of a data folder).
const holder = globalThis as typeof globalThis & { __autopilotDb?: Promise<Database> };

async function openConfiguredDatabase(): Promise<Database> {
  const url = databaseUrl();
  if (url) return openPostgresDatabase(url); // a server is migrated by `npm run db:migrate`, not at start
  const db = await openPgliteDatabase(pgliteDataDir());
  await migrate(db); // embedded mode has no deploy step: bring the schema up to date on first use
  return db;
}

export function getDatabase(): Promise<Database> {
  holder.__autopilotDb ??= openConfiguredDatabase().catch((error) => {
    holder.__autopilotDb = undefined; // let the next request try again (e.g. the server came back)
    throw error;
  });
  return holder.__autopilotDb;
}

/** Tests and scripts point the app at a database they made. */
export function useDatabase(db: Database): void {
  holder.__autopilotDb = Promise.resolve(db);
}

import { afterAll, beforeAll, describe } from "vitest";
import { useDatabase } from "@/lib/db/connection";
import type { Database } from "@/lib/db/database";
import { migrate } from "@/lib/db/migrate";
import { openPgliteDatabase } from "@/lib/db/pglite-database";
import { createFreshPostgresDatabase } from "../../helpers/fresh-database";

export type Backend = "pglite" | "postgres";

/** PGlite always; the Postgres server too when TEST_DATABASE_URL is set (CI sets it). */
export const BACKENDS: Backend[] = process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];

/** A brand-new, migrated database: in memory for PGlite, a fresh database on the server for Postgres. */
export async function createTestDatabase(backend: Backend): Promise<Database> {
  if (backend === "pglite") {
    const db = await openPgliteDatabase();
    await migrate(db);
    return db;
  }
  return (await createFreshPostgresDatabase(process.env.TEST_DATABASE_URL!)).db;
}

/** Runs `body` once per backend, each with its own fresh database, also installed as the app's database. */
export function describeEachDatabase(title: string, body: (db: () => Database, backend: Backend) => void): void {
  describe.each(BACKENDS)(`${title} [%s]`, (backend) => {
    let db: Database;
    beforeAll(async () => {
      db = await createTestDatabase(backend);
      useDatabase(db);
    });
    afterAll(async () => {
      await db?.close();
    });
    body(() => db, backend);
  });
}

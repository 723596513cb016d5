import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe } from "vitest";
import { useDatabase } from "@/lib/db/connection";
import type { Database } from "@/lib/db/database";
import { migrate } from "@/lib/db/migrate";
import { openPgliteDatabase } from "@/lib/db/pglite-database";
import { openPostgresDatabase } from "@/lib/db/postgres-database";

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
  const serverUrl = process.env.TEST_DATABASE_URL!;
  const name = `autopilot_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = openPostgresDatabase(url.toString());
  await migrate(db);
  return {
    ...db,
    async close() {
      await db.close();
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
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

import { randomBytes } from "node:crypto";
import pg from "pg";
import type { Database } from "@/lib/db/database";
import { migrate } from "@/lib/db/migrate";
import { openPostgresDatabase } from "@/lib/db/postgres-database";

/**
 * A brand-new, migrated database on a Postgres server (tests and benchmarks each get their own), opened with
 * a pool of `maxConnections`; `close` ends the pool and drops the database.
 */
export async function createFreshPostgresDatabase(
  serverUrl: string,
  { prefix = "autopilot_test", maxConnections = 10 }: { prefix?: string; maxConnections?: number } = {},
): Promise<{ db: Database; name: string; url: string }> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = openPostgresDatabase(url.toString(), maxConnections);
  await migrate(db);
  return {
    name,
    url: url.toString(),
    db: {
      ...db,
      async close() {
        await db.close();
        const cleanup = new pg.Client({ connectionString: serverUrl });
        await cleanup.connect();
        await cleanup.query(`drop database if exists ${name} with (force)`);
        await cleanup.end();
      },
    },
  };
}

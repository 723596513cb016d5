import "server-only";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Database } from "./database";

// Read from the project folder at run time (embedded mode, `npm run db:migrate`); hosted deployments migrate
// with the Supabase CLI, so the bundler need not trace these files.
const MIGRATIONS_DIR = path.join(/*turbopackIgnore: true*/ process.cwd(), "supabase", "migrations");
const AUTH_COMPAT_FILE = path.join(/*turbopackIgnore: true*/ process.cwd(), "lib", "db", "auth-compat.sql");

// Any constant works; it only has to be the same for every process that migrates this database.
const MIGRATION_LOCK_KEY = 7_215_003_311;

export interface MigrationResult {
  applied: string[];
  skipped: string[];
  authCompat: boolean;
}

/**
 * Supabase ships its own auth schema and roles; we add ours only where they are missing. Decided per database
 * (its auth.users belongs to Supabase's auth role), not per server: a second database on a Supabase server
 * has the roles but not the schema.
 */
async function isSupabase(db: Database): Promise<boolean> {
  const { rows } = await db.query<{ supabase: boolean }>(
    `select coalesce((select pg_get_userbyid(relowner) = 'supabase_auth_admin' from pg_class
       where oid = to_regclass('auth.users')), false) as supabase`,
  );
  return rows[0]?.supabase ?? false;
}

/**
 * Applies supabase/migrations/*.sql in name order, each in its own transaction with its ledger row.
 * The ledger is the Supabase CLI's own (supabase_migrations.schema_migrations), so `supabase db push`
 * and this runner agree about what has been applied. Running it again changes nothing.
 */
export async function migrate(db: Database, migrationsDir = MIGRATIONS_DIR): Promise<MigrationResult> {
  const supabase = await isSupabase(db);
  const files = (await readdir(/*turbopackIgnore: true*/ migrationsDir)).filter((name) => /^\d+_.+\.sql$/.test(name)).sort();
  const applied: string[] = [];
  const skipped: string[] = [];

  await db.transaction(async (tx) => {
    // Serialises concurrent runners (two app instances starting at once) on a server.
    await tx.query("select pg_advisory_xact_lock($1)", [MIGRATION_LOCK_KEY]);
    if (!supabase) await tx.exec(await readFile(AUTH_COMPAT_FILE, "utf8"));
    await tx.exec(`
      create schema if not exists supabase_migrations;
      create table if not exists supabase_migrations.schema_migrations (
        version text primary key,
        statements text[],
        name text
      );
    `);
    const { rows } = await tx.query<{ version: string }>("select version from supabase_migrations.schema_migrations");
    const done = new Set(rows.map((row) => row.version));

    for (const file of files) {
      const [version, ...rest] = file.replace(/\.sql$/, "").split("_");
      if (done.has(version)) {
        skipped.push(file);
        continue;
      }
      const sql = await readFile(path.join(/*turbopackIgnore: true*/ migrationsDir, file), "utf8");
      await tx.exec(sql);
      await tx.query("insert into supabase_migrations.schema_migrations (version, name) values ($1, $2)", [
        version,
        rest.join("_"),
      ]);
      applied.push(file);
    }
  });

  return { applied, skipped, authCompat: !supabase };
}

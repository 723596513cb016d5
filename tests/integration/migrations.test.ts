import { expect, it } from "vitest";
import { insertLocalUser } from "@/lib/db/users";
import { migrate } from "@/lib/db/migrate";
import { createFreshPostgresDatabase } from "../helpers/fresh-database";
import { describeEachDatabase } from "./helpers/test-database";

describeEachDatabase("migrations", (db, backend) => {
  it("running the migrations again applies nothing and changes nothing", async () => {
    const before = await db().query<{ n: number }>("select count(*)::int as n from information_schema.columns where table_schema = 'public'");
    const result = await migrate(db());
    expect(result.applied).toEqual([]);
    expect(result.skipped.length).toBeGreaterThan(0);
    const after = await db().query<{ n: number }>("select count(*)::int as n from information_schema.columns where table_schema = 'public'");
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it("records each migration in the Supabase CLI's ledger", async () => {
    const { rows } = await db().query<{ version: string; name: string }>(
      "select version, name from supabase_migrations.schema_migrations order by version",
    );
    expect(rows[0]).toEqual({ version: "20261126000000", name: "foundation" });
  });

  it("turns row-level security on for every table in public", async () => {
    const { rows } = await db().query<{ relname: string; relrowsecurity: boolean }>(
      `select c.relname, c.relrowsecurity from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind = 'r' order by c.relname`,
    );
    expect(rows.map((r) => r.relname)).toEqual(
      expect.arrayContaining(["audit_log", "autopilot_schedules", "newsletter_runs", "newsletter_specifications", "workspace_members", "workspaces"]),
    );
    expect(rows.filter((r) => !r.relrowsecurity)).toEqual([]);
  });

  it("enforces one run per schedule slot (and per batch position) in the database", async () => {
    const { rows } = await db().query<{ def: string }>("select indexdef as def from pg_indexes where indexname = 'newsletter_runs_one_per_slot'");
    expect(rows[0].def).toMatch(/^CREATE UNIQUE INDEX newsletter_runs_one_per_slot ON public\.newsletter_runs USING btree \(autopilot_schedule_id, scheduled_for, COALESCE\(\(?batch_position\)?(::integer)?, 0\)\)$/);
  });

  it.runIf(backend === "postgres")("decides per database whether Supabase's auth is there: a second database on a Supabase server migrates", async () => {
    // A server whose roles Supabase made (supabase_auth_admin exists) but whose new database has no auth schema.
    await db().query("do $$ begin if not exists (select 1 from pg_roles where rolname = 'supabase_auth_admin') then create role supabase_auth_admin nologin; end if; end $$");
    const second = await createFreshPostgresDatabase(process.env.TEST_DATABASE_URL!, { maxConnections: 2 });
    try {
      const { rows } = await second.db.query<{ n: number }>("select count(*)::int as n from supabase_migrations.schema_migrations");
      expect(rows[0].n).toBeGreaterThan(0);
      expect((await migrate(second.db)).authCompat).toBe(true);
    } finally {
      await second.db.close();
    }
  });

  it("local sign-up works against Supabase's auth.users, whose email index is partial (single sign-on accounts share addresses)", async () => {
    await db().transaction(async (tx) => {
      await tx.exec(`alter table auth.users drop constraint users_email_key;
        create unique index users_email_partial_key on auth.users (email) where is_sso_user = false;`);
      const first = await insertLocalUser(tx, { email: "Partial@Example.com", passwordHash: "h" });
      expect(first?.email).toBe("partial@example.com");
      expect(await insertLocalUser(tx, { email: "partial@example.com", passwordHash: "h" })).toBeNull();
      throw Object.assign(new Error("undo"), { undo: true });
    }).catch((error) => {
      if (!(error as { undo?: boolean }).undo) throw error;
    });
  });
});

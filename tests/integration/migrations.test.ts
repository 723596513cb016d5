import { expect, it } from "vitest";
import { migrate } from "@/lib/db/migrate";
import { describeEachDatabase } from "./helpers/test-database";

describeEachDatabase("migrations", (db) => {
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

  it("enforces one run per schedule slot in the database", async () => {
    const { rows } = await db().query<{ def: string }>(
      "select pg_get_constraintdef(oid) as def from pg_constraint where conname = 'newsletter_runs_one_per_slot'",
    );
    expect(rows[0].def).toBe("UNIQUE (autopilot_schedule_id, scheduled_for)");
  });
});

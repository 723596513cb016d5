import { beforeAll, expect, it } from "vitest";
import type { Database, Queryable } from "@/lib/db/database";
import { claimsFor, type Actor } from "@/lib/db/transactions";
import { createStarterWorkspace } from "@/lib/workspaces/starter-workspace";
import { describeEachDatabase } from "./helpers/test-database";
import { createUser } from "./helpers/users";

/**
 * Supabase's Data API, acted out in SQL: PostgREST logs in as `authenticator`, switches to `anon` (no token) or
 * `authenticated` (a person's token) and sets the token's claims; the app's server connects as the owner and
 * switches to `authenticated` with the same claims. The same statement is tried through both doors, always in
 * a transaction that is rolled back, so every case starts from the same rows.
 */
type Door = "data api" | "app";
type Outcome = { rows: number } | { error: string };

const ROLLED_BACK = new Error("rolled back on purpose");

async function attempt(db: Database, door: Door, actor: Actor | null, sql: string, params: unknown[] = []): Promise<Outcome> {
  let outcome: Outcome = { rows: -1 };
  try {
    await db.transaction(async (tx: Queryable) => {
      if (door === "data api") await tx.query("set local session authorization authenticator");
      await tx.query("select set_config('request.jwt.claims', $1, true), set_config('role', $2, true)", [
        JSON.stringify(actor ? claimsFor(actor) : { role: "anon" }),
        actor ? "authenticated" : "anon",
      ]);
      try {
        const result = await tx.query(sql, params);
        outcome = { rows: Math.max(result.rowCount ?? 0, result.rows.length) };
      } catch (error) {
        outcome = { error: error instanceof Error ? error.message : String(error) };
      }
      throw ROLLED_BACK;
    });
  } catch (error) {
    if (error !== ROLLED_BACK) throw error;
  }
  return outcome;
}

const DENIED = { error: expect.stringMatching(/^permission denied for (table|function)/) };
const REFUSED_BY_POLICY = { error: expect.stringMatching(/violates row-level security policy/) };

/** Every table of `public`; a new table fails the first test until this suite says who may do what with it. */
const PERSON_WRITES = ["workspaces", "workspace_members", "newsletter_specifications", "autopilot_schedules", "content_items", "autopilot_destinations", "autopilot_schedule_templates"];
const SERVER_ONLY = ["newsletter_runs", "audit_log", "report_files", "deliveries", "rate_limits", "workspace_invitations", "report_links", "email_suppressions"];

/**
 * The Data API's door needs a server: PGlite cannot switch its session user and back (its session user stays
 * the last one set), so on PGlite only the app's door is tried.
 */
describeEachDatabase("the Data API, acting as PostgREST", (db, backend) => {
  const onServer = backend === "postgres";
  const doors: Door[] = onServer ? ["data api", "app"] : ["app"];

  let owner: Actor, member: Actor, outsider: Actor, stranger: Actor;
  let ws: string, otherWs: string, spec: string, otherSpec: string, schedule: string, run: string, item: string, destination: string, template: string;

  beforeAll(async () => {
    owner = await createUser(db(), { name: "owner" });
    member = await createUser(db(), { name: "member" });
    outsider = await createUser(db(), { name: "outsider" });
    stranger = await createUser(db(), { name: "stranger" });
    ws = (await createStarterWorkspace(db(), owner)).id;
    otherWs = (await createStarterWorkspace(db(), outsider)).id;
    const one = async (sql: string, params: unknown[]) => (await db().query<{ id: string }>(sql, params)).rows[0].id;
    await db().query("insert into workspace_members (workspace_id, user_id, email, role) values ($1, $2, $3, 'member')", [ws, member.id, member.email]);
    spec = await one("select id from newsletter_specifications where workspace_id = $1", [ws]);
    otherSpec = await one("select id from newsletter_specifications where workspace_id = $1", [otherWs]);
    schedule = await one(
      `insert into autopilot_schedules (workspace_id, specification_id, created_by, created_by_user_id, schedule_name, schedule_type,
         schedule_config, next_run_at) values ($1, $2, $3, $4, 'Daily', 'daily', '{"time":"09:00","timezone":"UTC"}', now() + interval '1 day') returning id`,
      [ws, spec, owner.email, owner.id],
    );
    run = await one(
      `insert into newsletter_runs (workspace_id, specification_id, specification_name, autopilot_schedule_id, trigger, status)
       values ($1, $2, 'Sample', $3, 'autopilot', 'success') returning id`,
      [ws, spec, schedule],
    );
    await db().query("insert into report_files (run_id, workspace_id, html, bytes, sha256) values ($1, $2, '<p>r</p>', 8, repeat('a', 64))", [run, ws]);
    item = await one(
      "insert into content_items (workspace_id, category_id, region, title, url, published_at) values ($1, 'tech', 'Global', 't', 'https://example.com/a', now()) returning id",
      [ws],
    );
    destination = await one(
      "insert into autopilot_destinations (workspace_id, schedule_id, type, target, secret) values ($1, $2, 'webhook', 'https://example.com/hook', 'a-secret-of-sixteen+') returning id",
      [ws, schedule],
    );
    await db().query("insert into deliveries (workspace_id, run_id, schedule_id, destination_id, type, target) values ($1, $2, $3, $4, 'webhook', 'https://example.com/hook')", [
      ws,
      run,
      schedule,
      destination,
    ]);
    await db().query("insert into rate_limits (key, count, window_started_at) values ('sign-in:x', 1, now())");
    template = await one(
      `insert into autopilot_schedule_templates (workspace_id, name, settings, created_by)
       values ($1, 'Mornings', '{"schedule_type":"daily","schedule_config":{"time":"08:00"},"policy":{}}', $2) returning id`,
      [ws, owner.id],
    );
  });

  it("covers every table of the public schema", async () => {
    const { rows } = await db().query<{ tablename: string }>("select tablename from pg_tables where schemaname = 'public' order by 1");
    expect(rows.map((r) => r.tablename)).toEqual([...PERSON_WRITES, ...SERVER_ONLY].sort());
  });

  it.runIf(onServer)("anon (the public key, no token) may not read, write or call anything", async () => {
    const { rows: columns } = await db().query<{ table_name: string; column_name: string }>(
      `select distinct on (table_name) table_name, column_name from information_schema.columns
       where table_schema = 'public' and is_identity = 'NO' order by table_name, ordinal_position`,
    );
    for (const table of [...PERSON_WRITES, ...SERVER_ONLY]) {
      const column = columns.find((c) => c.table_name === table)!.column_name;
      for (const sql of [`select * from public.${table}`, `insert into public.${table} default values`, `update public.${table} set ${column} = ${column}`, `delete from public.${table}`]) {
        expect({ table, sql, outcome: await attempt(db(), "data api", null, sql) }).toEqual({ table, sql, outcome: DENIED });
      }
    }
    for (const call of ["public.is_workspace_member($1)", "public.is_workspace_owner($1)"]) {
      expect(await attempt(db(), "data api", null, `select ${call}`, [ws])).toEqual(DENIED);
    }
    expect(await attempt(db(), "data api", null, "select public.is_platform_admin()")).toEqual(DENIED);
  });

  it.runIf(onServer)("a member reads their workspace's rows of every readable table, and an outsider none of them", async () => {
    const readable = [...PERSON_WRITES, ...SERVER_ONLY].filter((t) => !["rate_limits", "autopilot_destinations", "workspace_invitations", "report_links", "email_suppressions"].includes(t));
    for (const table of readable) {
      const sql = `select 1 from public.${table} where ${table === "workspaces" ? "id" : "workspace_id"} = $1`;
      expect({ table, member: await attempt(db(), "data api", member, sql, [ws]) }).toEqual({ table, member: { rows: expect.any(Number) } });
      expect((await attempt(db(), "data api", member, sql, [ws])) as { rows: number }).not.toEqual({ rows: 0 });
      expect({ table, outsider: await attempt(db(), "data api", outsider, sql, [ws]) }).toEqual({ table, outsider: { rows: 0 } });
    }
    expect(await attempt(db(), "data api", member, "select * from public.rate_limits")).toEqual(DENIED);
    expect(await attempt(db(), "data api", member, "select token_hash from public.report_links")).toEqual(DENIED);
    expect(await attempt(db(), "data api", member, "select token_hash from public.workspace_invitations")).toEqual(DENIED);
    expect(await attempt(db(), "data api", member, "select email from public.email_suppressions")).toEqual(DENIED);
  });

  it("secrets stay unreadable through either door: webhook secrets and unsubscribe tokens", async () => {
    for (const door of doors) {
      expect(await attempt(db(), door, owner, "select id, target from autopilot_destinations where workspace_id = $1", [ws])).toEqual({ rows: 1 });
      expect(await attempt(db(), door, owner, "select secret from autopilot_destinations")).toEqual(DENIED);
      expect(await attempt(db(), door, owner, "select unsubscribe_token from autopilot_destinations")).toEqual(DENIED);
      expect(await attempt(db(), door, owner, "select * from autopilot_destinations")).toEqual(DENIED);
    }
  });

  /** The product's own writes, as an owner makes them: allowed through the app, refused through the Data API. */
  const productWrites = (): Array<{ what: string; sql: string; params: unknown[]; app: Outcome }> => [
    { what: "create a workspace", sql: "insert into workspaces (name, created_by) values ('Door', $1)", params: [owner.id], app: { rows: 1 } },
    { what: "rename the workspace", sql: "update workspaces set name = 'Renamed' where id = $1", params: [ws], app: { rows: 1 } },
    { what: "delete the workspace", sql: "delete from workspaces where id = $1", params: [ws], app: { rows: 1 } },
    {
      // People join by accepting an invitation, which the server records.
      what: "add a member directly",
      sql: "insert into workspace_members (workspace_id, user_id, email, role) values ($1, $2, $3, 'member')",
      params: [ws, stranger.id, stranger.email],
      app: REFUSED_BY_POLICY,
    },
    { what: "make a member an owner", sql: "update workspace_members set role = 'owner' where workspace_id = $1 and user_id = $2", params: [ws, member.id], app: { rows: 1 } },
    { what: "remove a member", sql: "delete from workspace_members where workspace_id = $1 and user_id = $2", params: [ws, member.id], app: { rows: 1 } },
    {
      what: "create a specification",
      sql: `insert into newsletter_specifications (workspace_id, name, categories, regions, frequency, created_by)
            values ($1, 'New', '[{"id":"a","name":"A","keywords":[]}]', '["Global"]', 'daily', $2)`,
      params: [ws, owner.id],
      app: { rows: 1 },
    },
    { what: "edit a specification", sql: "update newsletter_specifications set name = 'Edited' where id = $1", params: [spec], app: { rows: 1 } },
    { what: "delete a specification", sql: "delete from newsletter_specifications where id = $1", params: [spec], app: { rows: 1 } },
    {
      what: "create a schedule",
      sql: `insert into autopilot_schedules (workspace_id, specification_id, created_by, created_by_user_id, schedule_name, schedule_type, schedule_config)
            values ($1, $2, $3, $4, 'Weekly', 'weekly', '{"time":"09:00","timezone":"UTC","days":[1]}')`,
      params: [ws, spec, owner.email, owner.id],
      app: { rows: 1 },
    },
    { what: "edit a schedule", sql: "update autopilot_schedules set schedule_name = 'Edited', enabled = false where id = $1", params: [schedule], app: { rows: 1 } },
    { what: "delete a schedule", sql: "delete from autopilot_schedules where id = $1", params: [schedule], app: { rows: 1 } },
    {
      what: "add a content item",
      sql: "insert into content_items (workspace_id, category_id, region, title, url, published_at) values ($1, 'tech', 'Global', 'n', 'https://example.com/n', now())",
      params: [ws],
      app: { rows: 1 },
    },
    { what: "edit a content item", sql: "update content_items set title = 'Edited' where id = $1", params: [item], app: { rows: 1 } },
    { what: "delete a content item", sql: "delete from content_items where id = $1", params: [item], app: { rows: 1 } },
    {
      what: "add a destination",
      sql: "insert into autopilot_destinations (workspace_id, schedule_id, type, target) values ($1, $2, 'email', 'a@example.com')",
      params: [ws, schedule],
      app: { rows: 1 },
    },
    { what: "remove a destination", sql: "delete from autopilot_destinations where id = $1", params: [destination], app: { rows: 1 } },
    {
      what: "save a template",
      sql: `insert into autopilot_schedule_templates (workspace_id, name, settings, created_by) values ($1, 'Evenings', '{"schedule_type":"daily","schedule_config":{"time":"18:00"},"policy":{}}', $2)`,
      params: [ws, owner.id],
      app: { rows: 1 },
    },
    { what: "delete a template", sql: "delete from autopilot_schedule_templates where id = $1", params: [template], app: { rows: 1 } },
  ];

  it("every product action works through the app, and none through the Data API", async () => {
    for (const { what, sql, params, app } of productWrites()) {
      expect({ what, app: await attempt(db(), "app", owner, sql, params) }).toEqual({ what, app });
      if (!onServer) continue;
      const viaApi = await attempt(db(), "data api", owner, sql, params);
      const refused = sql.startsWith("insert") ? REFUSED_BY_POLICY : { rows: 0 };
      expect({ what, viaApi }).toEqual({ what, viaApi: refused });
    }
  });

  it("nobody signed in writes runs, reports, deliveries, recipients' links, the audit trail or rate limits, through either door", async () => {
    const writes = [
      ["newsletter_runs", "insert into newsletter_runs (workspace_id, specification_id, specification_name, trigger, status, created_by) values ($1, $2, 'x', 'test', 'running', $3)"],
      ["newsletter_runs", "update newsletter_runs set status = 'success' where workspace_id = $1 and $2::uuid is not null and $3::uuid is not null"],
      ["newsletter_runs", "delete from newsletter_runs where workspace_id = $1 and $2::uuid is not null and $3::uuid is not null"],
      ["audit_log", "insert into audit_log (workspace_id, actor_type, actor_id, action, entity_type) values ($1, 'user', $3, 'schedule.delete', 'schedule') returning $2::uuid"],
      ["audit_log", "update audit_log set action = 'x' where workspace_id = $1 and $2::uuid is not null and $3::uuid is not null"],
      ["audit_log", "delete from audit_log where workspace_id = $1 and $2::uuid is not null and $3::uuid is not null"],
      ["report_files", "update report_files set html = 'forged' where workspace_id = $1 and $2::uuid is not null and $3::uuid is not null"],
      ["deliveries", "update deliveries set status = 'sent' where workspace_id = $1 and $2::uuid is not null and $3::uuid is not null"],
      ["rate_limits", "delete from rate_limits where $1::uuid is not null and $2::uuid is not null and $3::uuid is not null"],
      ["workspace_invitations", "insert into workspace_invitations (workspace_id, email, role, token_hash, expires_at) values ($1, 'x@example.com', 'owner', repeat('a', 64), now() + interval '1 day') returning $2::uuid, $3::uuid"],
      ["workspace_invitations", "update workspace_invitations set role = 'owner' where workspace_id = $1 and $2::uuid is not null and $3::uuid is not null"],
      ["report_links", "insert into report_links (token_hash, workspace_id, run_id, recipient) values (repeat('b', 64), $1, (select id from newsletter_runs where workspace_id = $1 limit 1), 'me') returning $2::uuid, $3::uuid"],
      ["report_links", "update report_links set revoked_at = null where workspace_id = $1 and $2::uuid is not null and $3::uuid is not null"],
      ["email_suppressions", "delete from email_suppressions where workspace_id = $1 and $2::uuid is not null and $3::uuid is not null"],
      ["email_suppressions", "insert into email_suppressions (workspace_id, email) values ($1, 'x@example.com') returning $2::uuid, $3::uuid"],
    ];
    for (const door of doors) {
      for (const [table, sql] of writes) {
        expect({ door, table, sql, outcome: await attempt(db(), door, owner, sql, [ws, spec, owner.id]) }).toEqual({ door, table, sql, outcome: DENIED });
      }
    }
  });

  it("a run cannot be planted to block or steal another workspace's slot", async () => {
    const planted = `insert into newsletter_runs (workspace_id, specification_id, specification_name, autopilot_schedule_id, trigger, status, scheduled_for, created_by)
                     values ($1, $2, 'x', $3, 'autopilot', 'success', now(), $4)`;
    for (const door of doors) {
      expect(await attempt(db(), door, outsider, planted, [otherWs, spec, schedule, outsider.id])).toEqual(DENIED);
    }
  });

  it("the engine's columns of a schedule are the server's alone", async () => {
    for (const set of ["next_run_at = now()", "locked_until = null", "locked_by = 'me'", "run_count = 0", "success_count = 99", "failure_count = 0", "consecutive_failures = 0", "last_run_at = now()", "last_run_status = 'success'", "retry_slot = null", "retention_checked_at = now()", "waiting_slot = now()"]) {
      for (const door of doors) {
        expect({ set, door, outcome: await attempt(db(), door, owner, `update autopilot_schedules set ${set} where id = $1`, [schedule]) }).toEqual({ set, door, outcome: DENIED });
      }
    }
    expect(await attempt(db(), "app", owner, "insert into autopilot_schedules (workspace_id, specification_id, created_by, created_by_user_id, schedule_name, schedule_type, schedule_config, next_run_at) values ($1, $2, 'o', $3, 'n', 'daily', '{}', now())", [ws, spec, owner.id])).toEqual(DENIED);
  });

  it.runIf(onServer)("limits the app enforces cannot be bypassed: a huge specification, a cron every minute, one schedule too many", async () => {
    const feeds = JSON.stringify(Array.from({ length: 10_000 }, (_, i) => ({ url: `https://example.com/${i}`, category_id: "tech" })));
    expect(await attempt(db(), "data api", owner, "update newsletter_specifications set feeds = $2 where id = $1", [spec, feeds])).toEqual({ rows: 0 });
    expect(await attempt(db(), "data api", owner, `update autopilot_schedules set schedule_type = 'custom', schedule_config = '{"cron":"* * * * *","timezone":"UTC"}' where id = $1`, [schedule])).toEqual({ rows: 0 });
    const another = `insert into autopilot_schedules (workspace_id, specification_id, created_by, created_by_user_id, schedule_name, schedule_type, schedule_config)
                     values ($1, $2, $3, $4, 'Extra', 'daily', '{"time":"09:00","timezone":"UTC"}')`;
    expect(await attempt(db(), "data api", owner, another, [ws, spec, owner.email, owner.id])).toEqual(REFUSED_BY_POLICY);
  });

  it("a schedule cannot point at another workspace's specification, whoever writes it", async () => {
    const crossed = `insert into autopilot_schedules (workspace_id, specification_id, created_by, created_by_user_id, schedule_name, schedule_type, schedule_config)
                     values ($1, $2, $3, $4, 'Crossed', 'daily', '{"time":"09:00","timezone":"UTC"}')`;
    expect(await attempt(db(), "app", outsider, crossed, [otherWs, spec, outsider.email, outsider.id])).toEqual({
      error: expect.stringMatching(/violates foreign key constraint "autopilot_schedules_specification_same_workspace"/),
    });
    // The same statement with the outsider's own specification is a product action.
    expect(await attempt(db(), "app", outsider, crossed, [otherWs, otherSpec, outsider.email, outsider.id])).toEqual({ rows: 1 });
  });

  it("an outsider's writes reach nothing of another workspace through the app's door either", async () => {
    for (const { what, sql, params } of productWrites()) {
      const outcome = await attempt(db(), "app", outsider, sql, params);
      expect({ what, outcome }).toEqual({ what, outcome: sql.startsWith("insert") ? { error: expect.any(String) } : { rows: 0 } });
    }
  });
});

/**
 * The engine at scale, on a Postgres server: 100,000 schedules of which 10,000 are due.
 *  1. EXPLAIN of the claim query (it must use the partial index, not scan the table);
 *  2. a tick with a stand-in generator that records runs but renders nothing: schedules/s of the engine;
 *  3. a tick with the real generator over the sample content: reports/s;
 *  and the process's peak memory.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:tick
 * Optional: BENCH_SCHEDULES (100000), BENCH_DUE (10000), BENCH_REAL_DUE (1000),
 * AUTOPILOT_BATCH_SIZE / AUTOPILOT_CONCURRENCY as for the app.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { autopilotSettings } from "../../lib/config";
import { runTick } from "../../lib/engine/run-tick";
import { upsertContentItems } from "../../lib/db/content-items";
import { migrate } from "../../lib/db/migrate";
import { openPostgresDatabase } from "../../lib/db/postgres-database";
import { withSystem } from "../../lib/db/transactions";
import { sampleContent } from "../../lib/generator/sample-content";
import { SAMPLE_SPECIFICATION } from "../../lib/workspaces/starter-workspace";
import { recordOnlyGenerator } from "../integration/helpers/record-only-generator";

const SERVER = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const TOTAL = Number(process.env.BENCH_SCHEDULES ?? 100_000);
const DUE = Number(process.env.BENCH_DUE ?? 10_000);
const REAL_DUE = Number(process.env.BENCH_REAL_DUE ?? 1_000);
const PER_WORKSPACE = 500;

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

const recordOnly = recordOnlyGenerator();

async function main() {
  const name = `autopilot_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  const db = openPostgresDatabase(url.toString(), 10);
  try {
    await migrate(db);
    const workspaces = Math.ceil(TOTAL / PER_WORKSPACE);
    const seedStart = performance.now();
    await db.exec(`
      insert into auth.users (id, email) values ('00000000-0000-4000-8000-000000000001', 'bench@example.com');
      insert into workspaces (id, name, created_by)
        select ('00000000-0000-4000-a000-' || lpad(n::text, 12, '0'))::uuid, 'bench ' || n, '00000000-0000-4000-8000-000000000001'
        from generate_series(1, ${workspaces}) n;
      insert into newsletter_specifications (id, workspace_id, name, categories, regions, frequency)
        select ('00000000-0000-4000-b000-' || lpad(n::text, 12, '0'))::uuid, ('00000000-0000-4000-a000-' || lpad(n::text, 12, '0'))::uuid,
               'Bench spec', '${JSON.stringify(SAMPLE_SPECIFICATION.categories)}'::jsonb, '${JSON.stringify(SAMPLE_SPECIFICATION.regions)}'::jsonb, 'weekly'
        from generate_series(1, ${workspaces}) n;
      insert into autopilot_schedules (specification_id, workspace_id, created_by, schedule_name, schedule_type, schedule_config,
                                       cadence_override, next_run_at)
        select ('00000000-0000-4000-b000-' || lpad((1 + (n - 1) / ${PER_WORKSPACE})::text, 12, '0'))::uuid,
               ('00000000-0000-4000-a000-' || lpad((1 + (n - 1) / ${PER_WORKSPACE})::text, 12, '0'))::uuid,
               'bench@example.com', 'schedule ' || n, 'daily', '{"time":"09:00","timezone":"Europe/Berlin"}', 'daily',
               case when n % ${Math.round(TOTAL / DUE)} = 0 then now() - (n || ' seconds')::interval
                    else now() + ((n % 1440) || ' minutes')::interval end
        from generate_series(1, ${TOTAL}) n;
      analyze;
    `);
    const due = (await db.query<{ n: number }>("select count(*)::int as n from autopilot_schedules where next_run_at <= now()")).rows[0].n;
    console.log(`seeded ${TOTAL.toLocaleString()} schedules in ${workspaces} workspaces, ${due.toLocaleString()} due, in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

    const plan = await db.query<{ "QUERY PLAN": string }>(
      `explain select id from public.autopilot_schedules
       where enabled and status = 'active' and next_run_at <= now() and (locked_until is null or locked_until < now())
       order by next_run_at limit 25 for update skip locked`,
    );
    console.log("\nEXPLAIN of the claim query:");
    for (const row of plan.rows) console.log("  " + row["QUERY PLAN"]);
    const planText = plan.rows.map((r) => r["QUERY PLAN"]).join("\n");
    console.log(`  → ${/Seq Scan/.test(planText) ? "SEQUENTIAL SCAN (bad)" : "index scan, no sequential scan"}`);

    const settings = autopilotSettings();
    const budget = { tickBudgetMs: 600_000 };
    console.log(`\nsettings: batch ${settings.batchSize}, concurrency ${settings.concurrency}, pool 10`);
    const noop = await runTick(db, { generator: recordOnly, settings: budget });
    console.log(`engine with a record-only generator: ${noop.claimed.toLocaleString()} schedules in ${(noop.duration_ms / 1000).toFixed(2)} s = ${Math.round(noop.claimed / (noop.duration_ms / 1000)).toLocaleString()} schedules/s`);

    // Real reports: sample content in the workspaces whose schedules come due next.
    const realWorkspaces = Math.ceil(REAL_DUE / (DUE / workspaces));
    for (let n = 1; n <= realWorkspaces; n++) {
      const workspaceId = `00000000-0000-4000-a000-${String(n).padStart(12, "0")}`;
      await withSystem(db, (tx) => upsertContentItems(tx, { workspaceId, items: sampleContent(SAMPLE_SPECIFICATION, new Date()) }));
    }
    await db.query(
      `update autopilot_schedules set next_run_at = now() - interval '1 minute'
       where id in (select id from autopilot_schedules
                    where workspace_id in (select id from workspaces order by id limit $1)
                    order by id limit $2)`,
      [realWorkspaces, REAL_DUE],
    );
    const real = await runTick(db, { settings: budget });
    console.log(`engine with the real generator:     ${real.claimed.toLocaleString()} reports in ${(real.duration_ms / 1000).toFixed(2)} s = ${Math.round(real.claimed / (real.duration_ms / 1000)).toLocaleString()} reports/s (succeeded ${real.succeeded}, failed ${real.failed})`);
    console.log(`\npeak RSS of this process: ${Math.round(peakRss / 1024 / 1024)} MB (maxRSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB)`);
  } finally {
    clearInterval(sampler);
    await db.close();
    await admin.query(`drop database ${name} with (force)`);
    await admin.end();
  }
}

await main();

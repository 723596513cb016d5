/**
 * The engine at scale, on a Postgres server, all in one run on the same database server:
 *  1. EXPLAIN of the claim query (the partial due index, no sequential scan);
 *  2. the set-based SQL floor: claim 100, one INSERT … SELECT for the runs, one UPDATE … FROM for the
 *     schedules, the audit included, in one statement per batch: the fastest the bookkeeping can be;
 *  3. the engine alone (a stand-in generator that renders nothing) over the same due schedules, at the
 *     defaults and at the narrower old ones, and its ratio to the floor;
 *  4. the real generator over the sample content: reports/s;
 *  5. the feed-bound drain: BENCH_FEED_DUE schedules (2,000 and 10,000), each with its own feed that answers
 *     after 1 s, run by one cron call fanned out as the cron route does (one invocation per
 *     AUTOPILOT_SCHEDULES_PER_WORKER due, up to AUTOPILOT_MAX_WORKERS, each a process of its own as each
 *     Vercel function instance is): time until all succeeded;
 *  and the process's peak memory and the database connections it held.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:tick
 * Optional: BENCH_SCHEDULES (100000), BENCH_DUE (10000), BENCH_REAL_DUE (1000), BENCH_FEED_DUE (2000,10000).
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import pg from "pg";
import { autopilotSettings } from "../../lib/config";
import { upsertContentItems } from "../../lib/db/content-items";
import type { Database } from "../../lib/db/database";
import { createFreshPostgresDatabase } from "../helpers/fresh-database";
import { withSystem } from "../../lib/db/transactions";
import { extraWorkersFor } from "../../lib/engine/fan-out";
import { runTick, type TickSummary } from "../../lib/engine/run-tick";
import { sampleContent } from "../../lib/generator/sample-content";
import { SAMPLE_SPECIFICATION } from "../../lib/workspaces/starter-workspace";
import { startFeedServer } from "../integration/helpers/feed-server";
import { recordOnlyGenerator } from "../integration/helpers/record-only-generator";


const SERVER = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const TOTAL = Number(process.env.BENCH_SCHEDULES ?? 100_000);
const DUE = Number(process.env.BENCH_DUE ?? 10_000);
const REAL_DUE = Number(process.env.BENCH_REAL_DUE ?? 1_000);
const FEED_DUE = (process.env.BENCH_FEED_DUE ?? "2000,10000").split(",").map(Number).filter((n) => n > 0);
const PER_WORKSPACE = 500;

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

const recordOnly = recordOnlyGenerator();

let peakConnections = 0;
let peakWorkerRss = 0;

/** One cron invocation in a process of its own (`scripts/tick.ts`), with the feed policy the bench's feed server needs. */
function tickInAnotherProcess(url: string): Promise<TickSummary> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", "scripts/tick.ts"],
      { env: { ...process.env, DATABASE_URL: url, AUTOPILOT_ALLOW_PRIVATE_FEEDS: "1", LOG_LEVEL: "fatal" }, maxBuffer: 1 << 20 },
      (error, stdout) => {
        clearInterval(rssSampler);
        if (error) reject(error);
        else resolve(JSON.parse(stdout.trim().split("\n").pop()!) as TickSummary);
      },
    );
    const rssSampler = setInterval(() => {
      try {
        const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1] ?? 0);
        peakWorkerRss = Math.max(peakWorkerRss, kb * 1024);
      } catch {
        // the process has just ended
      }
    }, 100);
  });
}

/**
 * `due` schedules, each on its own specification whose feed answers after 1 s, due now; one cron call: this
 * invocation plus the workers the cron route would start, each with its own pool, ticking at once.
 */
async function feedBoundDrain(url: string, db: Database, due: number): Promise<void> {
  const server = await startFeedServer();
  await db.query("update autopilot_schedules set enabled = false");
  await db.exec(`
    insert into workspaces (id, name, created_by) values ('00000000-0000-4000-a000-ffffffffffff', 'feeds', '00000000-0000-4000-8000-000000000001')
      on conflict do nothing;
    delete from autopilot_schedules where workspace_id = '00000000-0000-4000-a000-ffffffffffff';
    delete from newsletter_specifications where workspace_id = '00000000-0000-4000-a000-ffffffffffff';
  `);
  await db.query(
    `with specs as (
       insert into newsletter_specifications (workspace_id, name, categories, regions, frequency, feeds)
       select '00000000-0000-4000-a000-ffffffffffff', 'feed ' || n, $1::jsonb, $2::jsonb, 'daily',
              jsonb_build_array(jsonb_build_object('url', $3 || n, 'category_id', $4::text))
       from generate_series(1, $5::int) n
       returning id
     )
     insert into autopilot_schedules (specification_id, workspace_id, created_by, schedule_name, schedule_type, schedule_config,
                                      cadence_override, next_run_at)
     select id, '00000000-0000-4000-a000-ffffffffffff', 'bench@example.com', 'feed-bound', 'daily',
            '{"time":"09:00","timezone":"UTC"}', 'daily', now() - interval '1 minute'
     from specs`,
    [JSON.stringify(SAMPLE_SPECIFICATION.categories), JSON.stringify(SAMPLE_SPECIFICATION.regions), server.url("/slow/1000/feed-"), SAMPLE_SPECIFICATION.categories[0].id, due],
  );
  const settings = autopilotSettings();
  const invocations = 1 + extraWorkersFor(due, settings);
  const started = performance.now();
  let calls = 0;
  let succeeded = 0;
  // Each invocation is its own process, as each Vercel function instance is: its own pool, sockets and memory.
  // A cron call every 5 minutes would start the next round; count how many rounds it takes.
  for (let remaining = due; remaining > 0 && calls < 20; calls++) {
    const summaries = await Promise.all(Array.from({ length: invocations }, () => tickInAnotherProcess(url)));
    succeeded += summaries.reduce((sum, s) => sum + s.succeeded, 0);
    remaining = Math.min(...summaries.map((s) => s.remaining_due));
  }
  const seconds = (performance.now() - started) / 1000;
  await server.close();
  console.log(
    `feed-bound drain, ${due.toLocaleString()} schedules, 1 s feed each: ${succeeded.toLocaleString()} succeeded in ${seconds.toFixed(1)} s ` +
      `(${calls} cron call${calls === 1 ? "" : "s"}, ${invocations} invocation${invocations === 1 ? "" : "s"} each, defaults)`,
  );
}

async function main() {
  const { db, name, url } = await createFreshPostgresDatabase(SERVER, { prefix: "autopilot_bench" });
  // A connection of its own counts the benchmark's connections to its database.
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  const connectionSampler = setInterval(() => {
    admin
      .query<{ n: number }>("select count(*)::int as n from pg_stat_activity where datname = $1", [name])
      .then(({ rows }) => (peakConnections = Math.max(peakConnections, rows[0].n)))
      .catch(() => undefined);
  }, 250);
  try {
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
    const dueIds = (await db.query<{ id: string }>("select id from autopilot_schedules where next_run_at <= now()")).rows.map((r) => r.id);
    // Puts the same due schedules back as they were, so every contender processes exactly the same work.
    const resetDue = async () => {
      await db.query("delete from newsletter_runs");
      await db.query("delete from audit_log");
      await db.query(
        `update autopilot_schedules set next_run_at = now() - interval '1 minute', locked_until = null, locked_by = null,
           run_count = 0, success_count = 0, last_run_at = null, last_run_status = null where id = any($1::uuid[])`,
        [dueIds],
      );
      await db.query("vacuum analyze autopilot_schedules");
      await db.query("vacuum analyze newsletter_runs");
    };

    await resetDue();
    const floorStart = performance.now();
    let floorDone = 0;
    for (;;) {
      const { rows } = await db.query<{ n: number }>(
        `with due as (
           select id from public.autopilot_schedules
           where enabled and status = 'active' and next_run_at <= now() and (locked_until is null or locked_until < now())
           order by next_run_at limit 100 for update skip locked
         ), runs as (
           insert into public.newsletter_runs (workspace_id, specification_id, specification_name, trigger, autopilot_schedule_id,
             scheduled_for, status, cadence, period_start, period_end, started_at, finished_at, duration_ms, item_count)
           select s.workspace_id, s.specification_id, 'floor', 'autopilot', s.id, s.next_run_at, 'success', 'daily',
                  s.next_run_at - interval '1 day', s.next_run_at, now(), now(), 0, 0
           from public.autopilot_schedules s join due using (id)
           returning autopilot_schedule_id
         ), moved as (
           update public.autopilot_schedules s set next_run_at = s.next_run_at + interval '1 day', run_count = s.run_count + 1,
             success_count = s.success_count + 1, last_run_at = now(), last_run_status = 'success', locked_until = null
           from due where s.id = due.id
           returning s.id, s.workspace_id
         ), audited as (
           insert into public.audit_log (workspace_id, actor_type, action, entity_type, entity_id, details)
           select workspace_id, 'autopilot', 'schedule.execute', 'autopilot_schedule', id, '{"status":"success"}' from moved
           returning 1
         )
         select ((select count(*) from runs) + 0 * (select count(*) from audited))::int as n`,
      );
      if (rows[0].n === 0) break;
      floorDone += rows[0].n;
    }
    const floorRate = floorDone / ((performance.now() - floorStart) / 1000);
    console.log(`\nset-based SQL floor:                 ${floorDone.toLocaleString()} schedules = ${Math.round(floorRate).toLocaleString()} schedules/s`);

    for (const [label, knobs] of [
      [`engine, defaults (batch ${settings.batchSize}, concurrency ${settings.concurrency})`, {}],
      ["engine, batch 50, concurrency 32 (the old defaults)", { batchSize: 50, concurrency: 32 }],
    ] as const) {
      await resetDue();
      const tick = await runTick(db, { generator: recordOnly, settings: { ...budget, ...knobs } });
      const rate = tick.succeeded / (tick.duration_ms / 1000);
      console.log(`${(label + ":").padEnd(37)}${tick.succeeded.toLocaleString()} schedules = ${Math.round(rate).toLocaleString()} schedules/s = ${Math.round((100 * rate) / floorRate)}% of the floor`);
    }

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
    for (const due of FEED_DUE) await feedBoundDrain(url, db, due);
    console.log(`\npeak RSS of this process: ${Math.round(peakRss / 1024 / 1024)} MB (maxRSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB)`);
    if (peakWorkerRss) console.log(`peak RSS of one cron invocation process (feed-bound drain): ${Math.round(peakWorkerRss / 1024 / 1024)} MB`);
    console.log(`peak database connections of this benchmark: ${peakConnections}`);
  } finally {
    clearInterval(sampler);
    clearInterval(connectionSampler);
    await admin.end();
    await db.close();
  }
}

await main();

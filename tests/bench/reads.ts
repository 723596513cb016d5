/**
 * Reads at scale, on a Postgres server: one workspace of 10,000 schedules and 1,000,000 runs over 90 days (and
 * 1,000,000 audit entries, 10,000 stored reports, 200 other workspaces; see read-scale-data.ts). Prints the
 * median time of each page and API answer a member and a platform admin read, every one under the simulated
 * Supabase roles (role `authenticated` and the person's JWT claims, so row-level security applies), and of a
 * tick with nothing due and of ticks that prune history.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:reads
 *
 * Two measures of each read: the service call the page or route makes (`lib/`, in this process), and, when a
 * production build exists (`npm run build`), the HTTP answer of `next start` pointed at the same database,
 * signed in with a session cookie. Optional: BENCH_SCHEDULES (10000), BENCH_RUNS (1000000), BENCH_REPEAT (7),
 * BENCH_KEEP=1 (keep the database, named autopilot_bench_reads, and reuse it on the next run: migrations
 * still apply), BENCH_HTTP=0 (services only).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import pg from "pg";
import type { Database } from "../../lib/db/database";
import { useDatabase as installDatabase } from "../../lib/db/connection";
import { migrate } from "../../lib/db/migrate";
import { openPostgresDatabase } from "../../lib/db/postgres-database";
import { withSystem, type Actor } from "../../lib/db/transactions";
import { getAdminStats } from "../../lib/admin/admin-stats";
import { listScheduleViews, loadScheduleDetails, listScheduleRuns } from "../../lib/autopilot/schedules";
import { runTick } from "../../lib/engine/run-tick";
import { newSecretToken, hashSecretToken } from "../../lib/http/secret-token";
import { encodeRunCursor } from "../../lib/runs/run-cursor";
import { listWorkspaceRuns } from "../../lib/runs/runs";
import { runListQuerySchema } from "../../lib/validation/run";
import { scheduleListQuerySchema } from "../../lib/validation/schedule";
import { createFreshPostgresDatabase } from "../helpers/fresh-database";
import { recordOnlyGenerator } from "../integration/helpers/record-only-generator";
import { findReadScaleData, seedReadScaleData, type ReadScaleData } from "./read-scale-data";

const SERVER = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const SCHEDULES = Number(process.env.BENCH_SCHEDULES ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 1_000_000);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 7);
const KEEP = process.env.BENCH_KEEP === "1";
const HTTP = process.env.BENCH_HTTP !== "0" && existsSync(".next/BUILD_ID");
const PORT = 3999;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const results: { what: string; median_ms: number; target_ms: number }[] = [];

async function time(what: string, targetMs: number, work: () => Promise<unknown>): Promise<void> {
  await work(); // warm: plans cached, pages compiled, buffers read once
  const times: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  const ms = Math.round(median(times) * 10) / 10;
  results.push({ what, median_ms: ms, target_ms: targetMs });
  console.log(`${what.padEnd(62)} ${String(ms).padStart(8)} ms  (target ≤ ${targetMs})${ms > targetMs ? "  OVER" : ""}`);
}

async function openBenchDatabase(): Promise<{ db: Database; url: string; close: () => Promise<void> }> {
  if (!KEEP) {
    const fresh = await createFreshPostgresDatabase(SERVER, { prefix: "autopilot_bench_reads", maxConnections: 10 });
    return { db: fresh.db, url: fresh.url, close: () => fresh.db.close() };
  }
  const name = "autopilot_bench_reads";
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  const exists = (await admin.query("select 1 from pg_database where datname = $1", [name])).rowCount;
  if (!exists) await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  const db = openPostgresDatabase(url.toString(), 10);
  await migrate(db);
  return { db, url: url.toString(), close: () => db.close() };
}

async function startServer(url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(PORT)], {
    env: { ...process.env, DATABASE_URL: url, ADMIN_EMAILS: "bench-admin@example.com", AUTOPILOT_TICK_INTERVAL_SECONDS: "0", LOG_LEVEL: "fatal", NODE_ENV: "production" },
    stdio: "ignore",
    detached: true,
  });
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/api/health`)).status < 500) return child;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("next start did not answer within a minute");
}

async function sessionCookie(db: Database, userId: string): Promise<string> {
  const token = newSecretToken();
  await withSystem(db, (tx) =>
    tx.query("insert into auth.sessions (user_id, token_hash, expires_at) values ($1, $2, now() + interval '1 day')", [userId, hashSecretToken(token)]),
  );
  return `autopilot_session=${token}`;
}

async function get(path: string, cookie: string): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${PORT}${path}`, { headers: { cookie }, redirect: "manual" });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${body.slice(0, 300)}`);
}

let benchDb: Database;

/** The cursor a reader following Older links would hold `depth` runs into the workspace's list. */
async function cursorAtDepth(workspaceId: string, depth: number): Promise<string> {
  const { rows } = await benchDb.query<{ id: string; at: string }>(
    `select id, created_at::text as at from public.newsletter_runs where workspace_id = $1
     order by created_at desc, id desc offset $2 limit 1`,
    [workspaceId, depth],
  );
  return encodeRunCursor({ toward: "older", createdAt: rows[0].at, id: rows[0].id });
}

async function measureServices(data: ReadScaleData, owner: Actor, admin: Actor) {
  const ws = data.workspaceId;
  const runs = (query: Record<string, unknown>) => listWorkspaceRuns(owner, ws, runListQuerySchema.parse(query));
  const deep = await cursorAtDepth(data.workspaceId, 500_000);
  await time("service: runs, first page", 300, () => runs({}));
  await time("service: runs, offset 10,000 (the deepest offset)", 300, () => runs({ offset: 10_000 }));
  await time("service: runs, 500,000 deep (cursor)", 300, () => runs({ cursor: deep }));
  await time("service: runs, last page (cursor oldest)", 300, () => runs({ cursor: "oldest" }));
  await time("service: runs, status=failed", 300, () => runs({ status: "failed" }));
  await time("service: schedules list (25)", 300, () => listScheduleViews(owner, ws, scheduleListQuerySchema.parse({})));
  await time("service: schedules list (200)", 300, () => listScheduleViews(owner, ws, scheduleListQuerySchema.parse({ limit: 200 })));
  await time("service: schedule page", 300, () => loadScheduleDetails(owner, ws, data.scheduleId, runListQuerySchema.parse({})));
  await time("service: schedule history", 300, () => listScheduleRuns(owner, ws, data.scheduleId, runListQuerySchema.parse({})));
  await time("service: admin stats", 500, () => getAdminStats(admin));
}

async function measureHttp(db: Database, data: ReadScaleData) {
  const ws = data.workspaceId;
  const owner = await sessionCookie(db, data.ownerId);
  const admin = await sessionCookie(db, data.adminId);
  const deep = await cursorAtDepth(ws, 500_000);
  await time("GET /api/workspaces/:ws/runs", 300, () => get(`/api/workspaces/${ws}/runs`, owner));
  await time("GET /api/workspaces/:ws/runs?offset=10000", 300, () => get(`/api/workspaces/${ws}/runs?offset=10000`, owner));
  await time("GET /api/workspaces/:ws/runs?cursor=(500,000 deep)", 300, () => get(`/api/workspaces/${ws}/runs?cursor=${deep}`, owner));
  await time("GET /api/workspaces/:ws/runs?cursor=oldest", 300, () => get(`/api/workspaces/${ws}/runs?cursor=oldest`, owner));
  await time("GET /api/workspaces/:ws/runs?status=failed", 300, () => get(`/api/workspaces/${ws}/runs?status=failed`, owner));
  await time("GET /w/:ws/reports", 300, () => get(`/w/${ws}/reports`, owner));
  await time("GET /w/:ws/reports?status=failed", 300, () => get(`/w/${ws}/reports?status=failed`, owner));
  await time("GET /w/:ws/reports?cursor=(500,000 deep)", 300, () => get(`/w/${ws}/reports?cursor=${deep}`, owner));
  await time("GET /w/:ws/reports?cursor=oldest", 300, () => get(`/w/${ws}/reports?cursor=oldest`, owner));
  await time("GET /w/:ws/autopilot", 300, () => get(`/w/${ws}/autopilot`, owner));
  await time("GET /w/:ws/autopilot/:id", 300, () => get(`/w/${ws}/autopilot/${data.scheduleId}`, owner));
  await time("GET /api/workspaces/:ws/schedules", 300, () => get(`/api/workspaces/${ws}/schedules`, owner));
  await time("GET /api/workspaces/:ws/schedules?limit=200", 300, () => get(`/api/workspaces/${ws}/schedules?limit=200`, owner));
  await time("GET /api/workspaces/:ws/schedules/:id/runs", 300, () => get(`/api/workspaces/${ws}/schedules/${data.scheduleId}/runs`, owner));
  await time("GET /api/admin/stats", 500, () => get("/api/admin/stats", admin));
  await time("GET /admin", 500, () => get("/admin", admin));
}

async function measureTicks(db: Database) {
  const generator = recordOnlyGenerator();
  // A minute that is not a multiple of five: nothing due, no pruning.
  const quiet = new Date();
  quiet.setUTCMinutes(1, 0, 0);
  await time("tick, nothing due", 300, () => runTick(db, { generator, now: () => quiet }));
  // Pruning ticks: every schedule keeps 30 days, so 60 days of runs are past retention. Each tick sees
  // retention_checked_at cleared, so it has full work every time.
  await db.query("update public.autopilot_schedules set retention_days = 30, retention_checked_at = null");
  const pruning = new Date();
  pruning.setUTCMinutes(5, 0, 0);
  const pruned: number[] = [];
  await time("tick that prunes", 200, async () => pruned.push((await runTick(db, { generator, now: () => pruning })).pruned));
  console.log(`  (runs pruned per tick: ${pruned.join(", ")})`);
}

async function main() {
  const { db, url, close } = await openBenchDatabase();
  let server: ChildProcess | null = null;
  try {
    let data = await findReadScaleData(db);
    if (!data) {
      const started = performance.now();
      data = await seedReadScaleData(db, { schedules: SCHEDULES, runs: RUNS });
      console.log(`seeded ${SCHEDULES} schedules and ${RUNS} runs in ${Math.round((performance.now() - started) / 1000)} s`);
    }
    installDatabase(db);
    benchDb = db;
    const owner: Actor = { id: data.ownerId, email: data.ownerEmail, isPlatformAdmin: false };
    const admin: Actor = { id: data.adminId, email: data.adminEmail, isPlatformAdmin: true };
    await measureServices(data, owner, admin);
    if (HTTP) {
      server = await startServer(url);
      await measureHttp(db, data);
    } else console.log("(no production build, or BENCH_HTTP=0: HTTP answers not measured; run `npm run build` first)");
    await measureTicks(db);
    const over = results.filter((r) => r.median_ms > r.target_ms);
    console.log(JSON.stringify({ schedules: SCHEDULES, runs: RUNS, repeat: REPEAT, over_target: over.map((r) => r.what) }));
  } finally {
    if (server?.pid) process.kill(-server.pid, "SIGTERM");
    await close();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);

import { expect, test } from "@playwright/test";
import pg from "pg";
import { startAppOnFreshDatabase } from "./app-on-postgres";

const SERVER = process.env.TEST_DATABASE_URL;
const PORT = 3199;
const SCHEDULES = 60;
const SECRET = "fan-out-secret";

// The production build against a Postgres server (CI sets TEST_DATABASE_URL): one cron call fans out to
// worker invocations of the same app over HTTP, as on Vercel, and every due schedule runs exactly once.
test.describe("a cron call that finds more than one invocation can finish", () => {
  test.skip(!SERVER, "needs TEST_DATABASE_URL (a Postgres server)");
  let app: Awaited<ReturnType<typeof startAppOnFreshDatabase>> | undefined;
  let url: string;

  test.beforeAll(async () => {
    app = await startAppOnFreshDatabase({
      port: PORT,
      name: "fanout",
      env: {
        CRON_SECRET: SECRET,
        AUTOPILOT_SCHEDULES_PER_WORKER: "15",
        AUTOPILOT_MAX_WORKERS: "4",
        // Small claims, so every invocation gets a share while the others run.
        AUTOPILOT_BATCH_SIZE: "5",
        AUTOPILOT_CONCURRENCY: "4",
      },
    });
    url = app.databaseUrl;
    // The app does not tick by itself (AUTOPILOT_TICK_INTERVAL_SECONDS=0): these wait for the test's cron call.
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    const { rows: users } = await db.query<{ id: string }>("insert into auth.users (email) values ('fan-out@example.com') returning id");
    const { rows: workspaces } = await db.query<{ id: string }>("insert into workspaces (name, created_by) values ('Fan-out', $1) returning id", [users[0].id]);
    await db.query("insert into workspace_members (workspace_id, user_id, email, role) values ($1, $2, 'fan-out@example.com', 'owner')", [workspaces[0].id, users[0].id]);
    const { rows: specs } = await db.query<{ id: string }>(
      `insert into newsletter_specifications (workspace_id, name, categories, regions, frequency)
       values ($1, 'Fan-out daily', '[{"id":"news","name":"News","keywords":[]}]', '["Europe"]', 'daily') returning id`,
      [workspaces[0].id],
    );
    await db.query(
      `insert into autopilot_schedules (specification_id, workspace_id, created_by, created_by_user_id, schedule_name,
         schedule_type, schedule_config, cadence_override, next_run_at)
       select $1, $2, 'fan-out@example.com', $3, 'fan-out ' || n, 'daily', '{"time":"09:00","timezone":"UTC"}', 'daily',
              now() - (n || ' seconds')::interval
       from generate_series(1, ${SCHEDULES}) n`,
      [specs[0].id, workspaces[0].id, users[0].id],
    );
    await db.end();
  });

  test.afterAll(async () => {
    await app?.stop();
  });

  test("starts workers of itself; together they run every due schedule exactly once", async () => {
    const response = await fetch(`http://127.0.0.1:${PORT}/api/cron/tick`, { headers: { authorization: `Bearer ${SECRET}` } });
    expect(response.status).toBe(200);
    const summary = await response.json();
    // 60 due, 15 per worker, at most 4 invocations: this call and 3 workers.
    expect(summary.workers).toHaveLength(3);
    const all = [summary, ...summary.workers.map((w: { summary: unknown }) => w.summary)];
    expect(all.every(Boolean)).toBe(true);
    expect(all.reduce((sum, s) => sum + s.succeeded, 0)).toBe(SCHEDULES);
    expect(all.filter((s) => s.claimed > 0).length).toBeGreaterThan(1);

    const db = new pg.Client({ connectionString: url });
    await db.connect();
    const { rows } = await db.query<{ runs: number; slots: number; running: number; future: number }>(
      `select count(*)::int as runs, count(distinct (autopilot_schedule_id, scheduled_for))::int as slots,
              count(*) filter (where status <> 'success')::int as running,
              (select count(*)::int from autopilot_schedules where next_run_at > now()) as future
       from newsletter_runs`,
    );
    await db.end();
    expect(rows[0]).toEqual({ runs: SCHEDULES, slots: SCHEDULES, running: 0, future: SCHEDULES });
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runTick } from "@/lib/engine/run-tick";
import type { Database } from "@/lib/db/database";
import { openPostgresDatabase } from "@/lib/db/postgres-database";
import { createStarterWorkspace } from "@/lib/workspaces/starter-workspace";
import { createTestDatabase } from "./helpers/test-database";
import { insertDueSchedules } from "./helpers/schedules";
import { createUser } from "./helpers/users";

const SCHEDULES = 500;
const TICKS = 8;

// Real concurrency needs real connections: this runs on the Postgres server only (CI sets TEST_DATABASE_URL).
describe.runIf(Boolean(process.env.TEST_DATABASE_URL))("overlapping ticks on the Postgres server", () => {
  let db: Database;
  let url: string;
  const extraPools: Database[] = [];

  beforeAll(async () => {
    db = await createTestDatabase("postgres");
    url = (await db.query<{ url: string }>("select current_database() as url")).rows[0].url;
    const owner = await createUser(db, { name: "owner" });
    const workspace = await createStarterWorkspace(db, owner);
    const { rows } = await db.query<{ id: string }>("select id from newsletter_specifications where workspace_id = $1", [workspace.id]);
    await insertDueSchedules(db, { count: SCHEDULES, specificationId: rows[0].id, workspaceId: workspace.id, owner, namePrefix: "load" });
  });

  afterAll(async () => {
    await Promise.all(extraPools.map((pool) => pool.close()));
    await db?.close();
  });

  it(`${TICKS} ticks at once over ${SCHEDULES} due schedules: exactly ${SCHEDULES} runs, no slot twice, every next run in the future`, async () => {
    const server = new URL(process.env.TEST_DATABASE_URL!);
    server.pathname = `/${url}`;
    // Each tick gets its own pool, as separate serverless invocations would.
    for (let i = 0; i < TICKS; i++) extraPools.push(openPostgresDatabase(server.toString(), 5));
    const summaries = await Promise.all(extraPools.map((pool) => runTick(pool, { settings: { batchSize: 25, concurrency: 4 } })));

    expect(summaries.reduce((sum, s) => sum + s.claimed, 0)).toBe(SCHEDULES);
    expect(summaries.reduce((sum, s) => sum + s.succeeded, 0)).toBe(SCHEDULES);
    expect(summaries.filter((s) => s.claimed > 0).length).toBeGreaterThan(1); // the work really was shared

    const runs = await db.query<{ n: number; slots: number; schedules: number }>(
      `select count(*)::int as n, count(distinct (autopilot_schedule_id, scheduled_for))::int as slots,
              count(distinct autopilot_schedule_id)::int as schedules
       from newsletter_runs where trigger = 'autopilot'`,
    );
    expect(runs.rows[0]).toEqual({ n: SCHEDULES, slots: SCHEDULES, schedules: SCHEDULES });
    const stale = await db.query<{ n: number }>("select count(*)::int as n from autopilot_schedules where next_run_at <= now() or locked_until is not null");
    expect(stale.rows[0].n).toBe(0);
    const counters = await db.query<{ n: number }>("select count(*)::int as n from autopilot_schedules where run_count = 1 and success_count = 1");
    expect(counters.rows[0].n).toBe(SCHEDULES);
  }, 180_000);
});

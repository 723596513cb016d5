import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runTick } from "@/lib/engine/run-tick";
import { useDatabase } from "@/lib/db/connection";
import type { Database } from "@/lib/db/database";
import { TIMED_OUT } from "@/lib/engine/recover-overdue-runs";
import { createStarterWorkspace } from "@/lib/workspaces/starter-workspace";
import { startFeedServer } from "./helpers/feed-server";
import { createTestDatabase } from "./helpers/test-database";
import { insertDueSchedules } from "./helpers/schedules";
import { createUser } from "./helpers/users";

const SCHEDULES = 40;
const RUN_TIMEOUT_SECONDS = 6;
const TICK_BUDGET_SECONDS = 8;

// A real process killed with SIGKILL needs a database that outlives it: the Postgres server only.
describe.runIf(Boolean(process.env.TEST_DATABASE_URL))("kill -9 of a ticking process, then a restart", () => {
  let db: Database;
  let databaseUrl: string;
  let feeds: Awaited<ReturnType<typeof startFeedServer>>;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    db = await createTestDatabase("postgres");
    useDatabase(db);
    const name = (await db.query<{ name: string }>("select current_database() as name")).rows[0].name;
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    feeds = await startFeedServer();
    const owner = await createUser(db, { name: "owner" });
    const workspace = await createStarterWorkspace(db, owner);
    // Every feed answers after 1.5 s: a tick is mid-generation for seconds, the window to kill it in.
    const { rows } = await db.query<{ id: string }>(
      `update newsletter_specifications set frequency = 'daily',
         feeds = jsonb_build_array(jsonb_build_object('url', $2::text, 'category_id', categories->0->>'id'))
       where workspace_id = $1 returning id`,
      [workspace.id, feeds.url("/slow/1500")],
    );
    // Their next slot is about half a day away, so the killed runs' retries (minutes later) always come first.
    const farHour = String((new Date().getUTCHours() + 12) % 24).padStart(2, "0");
    await insertDueSchedules(db, { count: SCHEDULES, specificationId: rows[0].id, workspaceId: workspace.id, owner, namePrefix: "killed", time: `${farHour}:00` });
  });

  afterAll(async () => {
    child?.kill("SIGKILL");
    await feeds?.close();
    await db?.close();
  });

  it("every due slot ends with exactly one run; a killed one fails \"timed out\" and succeeds on its retry, on the same row; none stays running; counters match", async () => {
    const { rows: due } = await db.query<{ id: string; next_run_at: Date }>("select id, next_run_at from autopilot_schedules");
    child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/tick.ts"], {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        AUTOPILOT_ALLOW_PRIVATE_FEEDS: "1",
        AUTOPILOT_RUN_TIMEOUT_SECONDS: String(RUN_TIMEOUT_SECONDS),
        AUTOPILOT_TICK_BUDGET_SECONDS: String(TICK_BUDGET_SECONDS),
        AUTOPILOT_CONCURRENCY: "8",
        AUTOPILOT_BATCH_SIZE: "20",
        // Every wave of 8 refetches the slow feed (no cached copy), so each wave is mid-generation for 1.5 s:
        // with a cached feed the later waves finish at once and there may be no run left to kill.
        AUTOPILOT_FEED_CACHE_SECONDS: "0",
      },
      stdio: "ignore",
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child!.once("exit", (_code, signal) => resolve(signal)));
    // Kill it once some reports are done and others are in the middle of generation.
    const counts = async () =>
      (await db.query<{ running: number; done: number }>(
        "select count(*) filter (where status = 'running')::int as running, count(*) filter (where status = 'success')::int as done from newsletter_runs",
      )).rows[0];
    const deadline = Date.now() + 30_000;
    for (let c = await counts(); !(c.running > 0 && c.done > 0); c = await counts()) {
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    const atKill = await counts();
    expect(atKill.running).toBeGreaterThan(0);

    // The restarted app ticks after the dead tick's leases and run deadlines have passed.
    const later = () => new Date(Date.now() + (TICK_BUDGET_SECONDS + RUN_TIMEOUT_SECONDS + 15) * 1000);
    /** Ticks on a clock standing at `now()` until nothing is due (the feed server is local); the first tick's summary. */
    const tickUntilNothingDue = async (now: () => Date) => {
      process.env.AUTOPILOT_ALLOW_PRIVATE_FEEDS = "1";
      try {
        const settings = { concurrency: 16, batchSize: 50, runTimeoutSeconds: 30 };
        const first = await runTick(db, { now, settings });
        for (let summary = first; summary.remaining_due > 0; ) summary = await runTick(db, { now, settings });
        return first;
      } finally {
        delete process.env.AUTOPILOT_ALLOW_PRIVATE_FEEDS;
      }
    };
    expect((await tickUntilNothingDue(later)).timed_out).toBe(atKill.running);

    // The killed runs failed "timed out" and wait for their retry, about 5 minutes later; then each runs again.
    const timedOut = await db.query<{ n: number }>("select count(*)::int as n from newsletter_runs where status = 'failed' and error = $1 and retry_at is not null", [TIMED_OUT]);
    expect(timedOut.rows[0].n).toBe(atKill.running);
    const afterRetries = () => new Date(later().getTime() + 7 * 60_000);
    expect((await tickUntilNothingDue(afterRetries)).succeeded).toBe(atKill.running);

    const { rows: runs } = await db.query<{ autopilot_schedule_id: string; scheduled_for: Date; status: string; attempt: number; attempts: { error: string }[] }>(
      "select autopilot_schedule_id, scheduled_for, status, attempt, attempts from newsletter_runs",
    );
    expect(runs.filter((r) => r.status !== "success")).toEqual([]);
    for (const schedule of due) {
      const mine = runs.filter((r) => r.autopilot_schedule_id === schedule.id);
      expect(mine).toHaveLength(1);
      expect(mine[0].scheduled_for.getTime()).toBe(schedule.next_run_at.getTime());
      if (mine[0].attempt > 1) expect(mine[0].attempts).toMatchObject([{ error: TIMED_OUT }]);
    }
    expect(runs.filter((r) => r.attempt === 2)).toHaveLength(atKill.running);
    const { rows: schedules } = await db.query<{ run_count: number; success_count: number; failure_count: number; locked_until: Date | null; next_run_at: Date; retry_slot: Date | null }>(
      "select run_count, success_count, failure_count, locked_until, next_run_at, retry_slot from autopilot_schedules",
    );
    for (const row of schedules) {
      expect(row).toMatchObject({ run_count: 1, success_count: 1, failure_count: 0, locked_until: null, retry_slot: null });
      expect(row.next_run_at.getTime()).toBeGreaterThan(Date.now());
    }
  }, 120_000);
});

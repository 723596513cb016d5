import { afterAll, beforeAll, expect, it } from "vitest";
import { claimDueSchedules } from "@/lib/db/engine";
import { withSystem } from "@/lib/db/transactions";
import { runTick } from "@/lib/engine/run-tick";
import { limitFeedConnections } from "@/lib/generator/feeds/feed-cache";
import { createStarterWorkspace } from "@/lib/workspaces/starter-workspace";
import { startFeedServer } from "./helpers/feed-server";
import { startHttpReceiver } from "./helpers/http-receiver";
import { createDailySchedule, insertDueSchedules, makeDue } from "./helpers/schedules";
import { describeEachDatabase } from "./helpers/test-database";
import { createUser } from "./helpers/users";

let server: Awaited<ReturnType<typeof startFeedServer>>;
beforeAll(async () => {
  server = await startFeedServer();
  process.env.AUTOPILOT_ALLOW_PRIVATE_FEEDS = "1";
  // Eight connections in all, two per workspace: small enough to show what one workspace could take.
  limitFeedConnections(8, 2);
});
afterAll(async () => {
  limitFeedConnections(256, 64);
  delete process.env.AUTOPILOT_ALLOW_PRIVATE_FEEDS;
  await server.close();
});

describeEachDatabase("a tick shared by a hostile workspace and a quiet one", (db, backend) => {
  it("claims in turns across workspaces: a workspace with many overdue schedules does not fill the batch", async () => {
    const team = async (name: string, count: number) => {
      const owner = await createUser(db(), { name });
      const workspace = await createStarterWorkspace(db(), owner);
      await db().query("update autopilot_schedules set enabled = false where workspace_id = $1", [workspace.id]);
      const spec = (await db().query<{ id: string }>("select id from newsletter_specifications where workspace_id = $1", [workspace.id])).rows[0].id;
      await insertDueSchedules(db(), { count, specificationId: spec, workspaceId: workspace.id, owner, namePrefix: name });
      return workspace.id;
    };
    const crowded = await team("crowded", 6);
    await db().query("update autopilot_schedules set next_run_at = next_run_at - interval '1 hour' where workspace_id = $1", [crowded]); // all older
    const small = await team("small", 2);
    const claimed = await withSystem(db(), (tx) => claimDueSchedules(tx, { now: new Date(), limit: 4, leaseSeconds: 60, tickId: "00000000-0000-4000-8000-000000000001" }));
    expect(claimed.filter((s) => s.workspace_id === small)).toHaveLength(2);
    expect(claimed.filter((s) => s.workspace_id === crowded)).toHaveLength(2);
    await db().query("update autopilot_schedules set enabled = false, locked_until = null where workspace_id = any($1::uuid[])", [[crowded, small]]);
  });

  it("the quiet workspace's runs all succeed at once, while the hostile one's slow feeds wait in its own share and time out counting the wait", async () => {
    async function workspaceWithFeeds(name: string, feedPaths: string[], schedules: number) {
      const owner = await createUser(db(), { name });
      const workspace = await createStarterWorkspace(db(), owner);
      await db().query("update autopilot_schedules set enabled = false where workspace_id = $1", [workspace.id]);
      const feeds = feedPaths.map((path) => ({ url: server.url(path), category_id: "ai" }));
      const { rows } = await db().query<{ id: string }>(
        "update newsletter_specifications set feeds = $2::jsonb, categories = jsonb_build_array(jsonb_build_object('id', 'ai', 'name', 'AI', 'keywords', jsonb_build_array())) where workspace_id = $1 returning id",
        [workspace.id, JSON.stringify(feeds)],
      );
      await insertDueSchedules(db(), { count: schedules, specificationId: rows[0].id, workspaceId: workspace.id, owner, namePrefix: name });
      return workspace.id;
    }
    // Twenty feeds that answer after 8 s, on ten schedules; and three schedules on a feed that answers at once.
    const hostile = await workspaceWithFeeds("hostile", Array.from({ length: 20 }, (_, i) => `/slow/8000/${backend}-${i}`), 10);
    const quiet = await workspaceWithFeeds("quiet", [`/etag/quiet-${backend}`], 3);

    const summary = await runTick(db(), { settings: { runTimeoutSeconds: 30 } });
    expect(summary.claimed).toBe(13);
    const runs = async (workspaceId: string) =>
      (await db().query<{ status: string; duration_ms: number; notes: string[] }>("select status, duration_ms, notes from newsletter_runs where workspace_id = $1", [workspaceId])).rows;

    const quietRuns = await runs(quiet);
    expect(quietRuns).toHaveLength(3);
    for (const run of quietRuns) {
      expect(run.status).toBe("success");
      expect(run.notes).toEqual([]);
      expect(run.duration_ms).toBeLessThan(3_000); // not behind the hostile feeds' 8 s
    }
    // The hostile workspace's runs still end, in time: two of its feeds answered after 8 s, the rest gave up
    // at 10 s from their request, the wait for a connection included, and each report says which.
    const hostileRuns = await runs(hostile);
    expect(hostileRuns).toHaveLength(10);
    const notes = hostileRuns.flatMap((run) => run.notes);
    expect(notes.some((note) => /no answer within 10 s \(it waited for a free connection\)/.test(note))).toBe(true);
    for (const run of hostileRuns) expect(run.duration_ms).toBeLessThan(15_000);
  }, 60_000);

  it("one workspace's hanging webhooks neither delay another's delivery nor keep the tick past its end", async () => {
    const receiver = await startHttpReceiver();
    process.env.AUTOPILOT_ALLOW_PRIVATE_ADDRESSES = "1";
    try {
      const team = async (name: string) => {
        const owner = await createUser(db(), { name });
        const workspace = await createStarterWorkspace(db(), owner);
        await db().query("update autopilot_schedules set enabled = false where workspace_id = $1", [workspace.id]);
        const spec = (await db().query<{ id: string }>("select id from newsletter_specifications where workspace_id = $1", [workspace.id])).rows[0].id;
        return { owner, workspaceId: workspace.id, spec };
      };
      const hostile = await team("hostile-hooks");
      const quiet = await team("quiet-hooks");
      const secret = "0123456789abcdef0123";
      for (let i = 0; i < 6; i++) {
        const hooks = Array.from({ length: 5 }, (_, j) => ({ type: "webhook" as const, url: receiver.url(`/hang/${backend}/${i}/${j}`), secret }));
        await makeDue(db(), (await createDailySchedule(hostile.owner, hostile.workspaceId, hostile.spec, { schedule_name: `Hanging ${i}`, destinations: hooks })).id, 10);
      }
      const quietSchedule = await createDailySchedule(quiet.owner, quiet.workspaceId, quiet.spec, { schedule_name: "Quiet hook", destinations: [{ type: "webhook", url: receiver.url(`/quiet/${backend}`), secret }] });
      await makeDue(db(), quietSchedule.id);

      const started = Date.now();
      const summary = await runTick(db(), { settings: { tickBudgetMs: 4_000 } });
      const took = Date.now() - started;
      expect(summary.claimed).toBe(7);
      expect(receiver.at(`/quiet/${backend}`)).toHaveLength(1);
      expect(took).toBeLessThan(6_000); // not 30 hanging receivers × 10 s
      const ledger = async (workspaceId: string) =>
        (await db().query<{ status: string; attempts: number; last_error: string | null }>("select status, attempts, last_error from deliveries where workspace_id = $1 and kind = 'report'", [workspaceId])).rows;
      expect((await ledger(quiet.workspaceId)).map((d) => d.status)).toEqual(["sent"]);
      const hanging = await ledger(hostile.workspaceId);
      expect(hanging).toHaveLength(30);
      expect(hanging.every((d) => d.status === "pending")).toBe(true);
      // Its share (ten at once) waited for an answer until the tick's end; the rest were not started, and say so.
      const tried = hanging.filter((d) => d.attempts === 1);
      expect(tried.length).toBeGreaterThan(0);
      expect(tried.length).toBeLessThanOrEqual(10);
      expect(tried.every((d) => /^no answer within [\d.]+ s$/.test(d.last_error ?? ""))).toBe(true);
      const waiting = hanging.filter((d) => d.attempts === 0);
      expect(waiting.length).toBe(30 - tried.length);
      expect(waiting.every((d) => d.last_error === "Not sent before the tick ended (its receivers were busy); sent at the next tick")).toBe(true);
    } finally {
      delete process.env.AUTOPILOT_ALLOW_PRIVATE_ADDRESSES;
      await receiver.close();
    }
  }, 30_000);
});

import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { runTick } from "@/lib/engine/run-tick";
import { fetchFeedItems } from "@/lib/generator/feeds/fetch-feed-items";
import { feedCacheUsage, loadFeed } from "@/lib/generator/feeds/feed-cache";
import { createStarterWorkspace } from "@/lib/workspaces/starter-workspace";
import { startFeedServer } from "./helpers/feed-server";
import { insertDueSchedules } from "./helpers/schedules";
import { describeEachDatabase } from "./helpers/test-database";
import { createUser } from "./helpers/users";

let server: Awaited<ReturnType<typeof startFeedServer>>;
beforeAll(async () => {
  server = await startFeedServer();
  process.env.AUTOPILOT_ALLOW_PRIVATE_FEEDS = "1";
});
afterAll(async () => {
  delete process.env.AUTOPILOT_ALLOW_PRIVATE_FEEDS;
  await server.close();
});
afterEach(() => {
  delete process.env.AUTOPILOT_FEED_CACHE_SECONDS;
  delete process.env.AUTOPILOT_FEED_CACHE_MB;
});

const uniquePath = (name: string) => `/etag/${name}-${randomBytes(4).toString("hex")}`;

describeEachDatabase("a feed shared by many schedules", (db) => {
  it("is fetched once by a tick, however many schedules on it are due", async () => {
    const owner = await createUser(db(), { name: "feeds" });
    const workspace = await createStarterWorkspace(db(), owner);
    const path = uniquePath("shared");
    const { rows } = await db().query<{ id: string }>(
      `update newsletter_specifications set feeds = jsonb_build_array(jsonb_build_object('url', $2::text, 'category_id', categories->0->>'id'))
       where workspace_id = $1 returning id`,
      [workspace.id, server.url(path)],
    );
    await insertDueSchedules(db(), { count: 40, specificationId: rows[0].id, workspaceId: workspace.id, owner, namePrefix: "shared feed" });
    const summary = await runTick(db());
    expect(summary).toMatchObject({ claimed: 40, succeeded: 40, failed: 0 });
    expect(server.seen.requests.get(path)).toBe(1);
    const { rows: notes } = await db().query<{ notes: string[] }>("select notes from newsletter_runs where workspace_id = $1", [workspace.id]);
    expect(notes.every((run) => run.notes.length === 0)).toBe(true);
  });
});

describe("the feed cache", () => {
  it("asks again after AUTOPILOT_FEED_CACHE_SECONDS with the feed's ETag, and keeps its copy on 304", async () => {
    process.env.AUTOPILOT_FEED_CACHE_SECONDS = "1";
    const path = uniquePath("conditional");
    const first = await loadFeed(server.url(path));
    expect(await loadFeed(server.url(path))).toBe(first); // within the cache time: no request
    expect(server.seen.requests.get(path)).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const again = await loadFeed(server.url(path));
    expect(server.seen.requests.get(path)).toBe(2);
    expect(server.seen.conditional.get(path)).toBe(1);
    expect(again.entries.map((e) => e.title)).toEqual(first.entries.map((e) => e.title));
  });

  it("holds at most AUTOPILOT_FEED_CACHE_MB, letting the least recently used feeds go", async () => {
    process.env.AUTOPILOT_FEED_CACHE_MB = "1";
    const paths = Array.from({ length: 20 }, (_, i) => `/big/${i}-${randomBytes(4).toString("hex")}`);
    for (const path of paths) expect((await loadFeed(server.url(path))).entries).toHaveLength(100);
    const usage = feedCacheUsage();
    expect(usage.bytes).toBeLessThanOrEqual(1024 * 1024);
    expect(usage.bytes).toBeGreaterThan(200 * 1024 * 3); // it does keep several, at their real size
    expect(usage.feeds).toBeLessThan(5);
    await loadFeed(server.url(paths[19])); // the newest is still cached
    expect(server.seen.requests.get(paths[19])).toBe(1);
    await loadFeed(server.url(paths[0])); // the oldest went
    expect(server.seen.requests.get(paths[0])).toBe(2);
  });

  it("with the cache off, concurrent requests for one feed still share one fetch", async () => {
    process.env.AUTOPILOT_FEED_CACHE_SECONDS = "0";
    const path = uniquePath("concurrent");
    await Promise.all(Array.from({ length: 20 }, () => loadFeed(server.url(path))));
    expect(server.seen.requests.get(path)).toBe(1);
    await loadFeed(server.url(path));
    expect(server.seen.requests.get(path)).toBe(2); // not kept
  });
});

describe("hostile feed markup", () => {
  it("a 5 MB feed of unclosed <script> tags is read within seconds and never stalls the event loop", async () => {
    let worstLag = 0;
    let last = performance.now();
    const probe = setInterval(() => {
      const now = performance.now();
      worstLag = Math.max(worstLag, now - last - 10);
      last = now;
    }, 10);
    const started = performance.now();
    try {
      const items = await fetchFeedItems({ url: server.url("/hostile"), category_id: "ai" }, new Date());
      expect(items).toHaveLength(1);
      expect(items[0].summary).not.toContain("<script");
    } finally {
      clearInterval(probe);
    }
    expect(performance.now() - started).toBeLessThan(5_000);
    // What /api/health needs to answer within a second: the event loop never blocked that long.
    expect(worstLag).toBeLessThan(1_000);
  });
});

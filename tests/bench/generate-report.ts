/**
 * Report generation for 100, 2,000 and 10,000 items in the window (4 categories), and for the hostile case of
 * 50,000 items each matching all of 50 categories: executeGenerator end to end (record the run, select the
 * shown items, render, store the HTML with its hash, mark it a success), the process's peak RSS while
 * generating, and the HTML size. PGlite in memory by default; BENCH_DATABASE_URL=postgres://… for a server.
 *
 *   npm run bench:generator
 */
import type { Database } from "../../lib/db/database";
import { migrate } from "../../lib/db/migrate";
import { openPgliteDatabase } from "../../lib/db/pglite-database";
import { createFreshPostgresDatabase } from "../helpers/fresh-database";
import { upsertContentItems } from "../../lib/db/content-items";
import { withUser } from "../../lib/db/transactions";
import { executeGenerator } from "../integration/helpers/execute-generator";
import { createSpecificationIn } from "../../lib/specifications/specifications";
import { createWorkspaceIn } from "../../lib/workspaces/workspaces";

async function openDatabase(): Promise<{ db: Database; cleanup: () => Promise<void> }> {
  const serverUrl = process.env.BENCH_DATABASE_URL;
  if (!serverUrl) {
    const db = await openPgliteDatabase();
    await migrate(db);
    return { db, cleanup: () => db.close() };
  }
  const { db } = await createFreshPostgresDatabase(serverUrl, { prefix: "autopilot_bench" });
  return { db, cleanup: () => db.close() };
}

const FOUR = ["ai", "cloud", "security", "startups"].map((id) => ({ id, name: id.toUpperCase(), keywords: [id] }));
const FIFTY = Array.from({ length: 50 }, (_, i) => ({ id: `topic${i}`, name: `Topic ${i}`, keywords: [`topic${i}`] }));
const REGIONS = ["Europe", "North America", "Asia-Pacific"];
const CASES = [
  { count: 100, categories: FOUR, rounds: 5 },
  { count: 2_000, categories: FOUR, rounds: 5 },
  { count: 10_000, categories: FOUR, rounds: 5 },
  { count: 50_000, categories: FIFTY, rounds: 3 },
];

/** The highest RSS seen while `work` runs, sampled every 5 ms. */
async function peakRss<T>(work: () => Promise<T>): Promise<{ value: T; peak: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  try {
    const value = await work();
    return { value, peak: Math.max(peak, process.memoryUsage().rss) };
  } finally {
    clearInterval(timer);
  }
}

async function main() {
  const { db, cleanup } = await openDatabase();
  console.log(`database: ${db.kind}, node ${process.version}\n`);
  console.log("items".padStart(7) + "  categories" + "  end-to-end ms (median)" + "  RSS before MB" + "  peak RSS MB" + "  HTML KB" + "  items shown");
  try {
    const { rows } = await db.query<{ id: string }>("insert into auth.users (email) values ('bench@example.com') returning id");
    const actor = { id: rows[0].id, email: "bench@example.com", isPlatformAdmin: false };
    for (const { count, categories: CATEGORIES, rounds } of CASES) {
      const { workspaceId, specId } = await withUser(db, actor, async (tx) => {
        const workspace = await createWorkspaceIn(tx, actor, { name: `bench ${count}` });
        const spec = await createSpecificationIn(tx, actor, workspace.id, {
          name: `Bench ${count}`,
          description: "",
          categories: CATEGORIES,
          regions: REGIONS,
          frequency: "weekly",
          status: "active",
          feeds: [],
        });
        return { workspaceId: workspace.id, specId: spec.id };
      });
      const now = Date.now();
      const items = Array.from({ length: count }, (_, i) => ({
        category_id: CATEGORIES[i % CATEGORIES.length].id,
        region: REGIONS[i % REGIONS.length],
        title: `Item ${i}: a headline of ordinary length about ${CATEGORIES[i % CATEGORIES.length].id}`,
        url: `https://example.com/${count}/${i}`,
        // In the hostile case every item mentions every category's keyword, so it belongs to all of them.
        summary:
          CATEGORIES.length > 4
            ? `Mentions ${CATEGORIES.map((c) => c.id).join(", ")}.`
            : "A summary of about two sentences, as feeds usually carry. It has enough text to matter for size.",
        published_at: new Date(now - (i % 6) * 86_400_000 - 60_000).toISOString(),
        source: "Bench",
      }));
      for (let i = 0; i < items.length; i += 1000) {
        await withUser(db, actor, (tx) => upsertContentItems(tx, { workspaceId, items: items.slice(i, i + 1000) }));
      }

      const times: number[] = [];
      let bytes = 0;
      let shown = 0;
      let peak = 0;
      global.gc?.();
      const before = process.memoryUsage().rss;
      for (let round = 0; round < rounds; round++) {
        const started = performance.now();
        const measured = await peakRss(() =>
          executeGenerator(db, {
            workspaceId,
            specificationId: specId,
            actor: { kind: "user", id: actor.id, email: actor.email },
            trigger: "manual",
            cadenceOverride: "weekly",
          }),
        );
        times.push(performance.now() - started);
        peak = Math.max(peak, measured.peak);
        const run = measured.value;
        if (run.status !== "success") throw new Error(`run failed: ${run.error}`);
        const file = (await db.query<{ bytes: number; html: string }>("select bytes, html from report_files where run_id = $1", [run.id])).rows[0];
        bytes = file.bytes;
        shown = (file.html.match(/<li /g) ?? []).length;
      }
      times.sort((a, b) => a - b);
      console.log(
        String(count).padStart(7) +
          String(CATEGORIES.length).padStart(12) +
          times[Math.floor(times.length / 2)].toFixed(1).padStart(24) +
          (before / 1024 / 1024).toFixed(0).padStart(15) +
          (peak / 1024 / 1024).toFixed(0).padStart(13) +
          (bytes / 1024).toFixed(0).padStart(9) +
          String(shown).padStart(13),
      );
    }
  } finally {
    await cleanup();
  }
}

await main();

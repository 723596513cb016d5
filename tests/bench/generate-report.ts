/**
 * Report generation time for 100, 2,000 and 10,000 items in the window: executeGenerator end to end
 * (record the run, read the items, render, store the HTML with its hash, mark it a success), plus render
 * alone, and the HTML size. PGlite in memory by default; BENCH_DATABASE_URL=postgres://… for a server.
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
import { renderReport } from "../../lib/generator/render-report";
import { selectItems } from "../../lib/generator/select-items";
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

const CATEGORIES = ["ai", "cloud", "security", "startups"].map((id) => ({ id, name: id.toUpperCase(), keywords: [id] }));
const REGIONS = ["Europe", "North America", "Asia-Pacific"];

async function main() {
  const { db, cleanup } = await openDatabase();
  console.log(`database: ${db.kind}, node ${process.version}\n`);
  console.log("items".padStart(7) + "  end-to-end ms (median of 5)" + "  render ms" + "  HTML KB");
  try {
    const { rows } = await db.query<{ id: string }>("insert into auth.users (email) values ('bench@example.com') returning id");
    const actor = { id: rows[0].id, email: "bench@example.com", isPlatformAdmin: false };
    for (const count of [100, 2_000, 10_000]) {
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
        title: `Item ${i}: a headline of ordinary length about ${CATEGORIES[i % 4].id}`,
        url: `https://example.com/${count}/${i}`,
        summary: "A summary of about two sentences, as feeds usually carry. It has enough text to matter for size.",
        published_at: new Date(now - (i % 6) * 86_400_000 - 60_000).toISOString(),
        source: "Bench",
      }));
      for (let i = 0; i < items.length; i += 1000) {
        await withUser(db, actor, (tx) => upsertContentItems(tx, { workspaceId, items: items.slice(i, i + 1000) }));
      }

      const times: number[] = [];
      let bytes = 0;
      for (let round = 0; round < 5; round++) {
        const started = performance.now();
        const run = await executeGenerator(db, {
          workspaceId,
          specificationId: specId,
          actor: { kind: "user", id: actor.id, email: actor.email },
          trigger: "manual",
          cadenceOverride: "weekly",
        });
        times.push(performance.now() - started);
        if (run.status !== "success") throw new Error(`run failed: ${run.error}`);
        bytes = (await db.query<{ bytes: number }>("select bytes from report_files where run_id = $1", [run.id])).rows[0].bytes;
      }
      times.sort((a, b) => a - b);

      const loaded = (await db.query("select * from content_items where workspace_id = $1", [workspaceId])).rows as never[];
      const renderStart = performance.now();
      renderReport(selectItems(loaded, CATEGORIES, REGIONS), {
        specificationName: "Bench",
        cadence: "weekly",
        periodStart: new Date(now - 7 * 86_400_000),
        periodEnd: new Date(now),
        timeZone: "Europe/Berlin",
        generatedAt: new Date(),
        generatedBy: "bench",
        regions: REGIONS,
        notes: [],
      });
      const renderMs = performance.now() - renderStart;
      console.log(
        String(count).padStart(7) +
          times[2].toFixed(1).padStart(29) +
          renderMs.toFixed(1).padStart(11) +
          (bytes / 1024).toFixed(0).padStart(9),
      );
    }
  } finally {
    await cleanup();
  }
}

await main();

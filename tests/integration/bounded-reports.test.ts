import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { importContentItems } from "@/lib/content/content-items";
import { getReportFile } from "@/lib/db/report-files";
import type { Actor } from "@/lib/db/transactions";
import { createSpecification, updateSpecification } from "@/lib/specifications/specifications";
import { contentImportSchema } from "@/lib/validation/content-item";
import { specificationSchema } from "@/lib/validation/specification";
import { WORK_CAPS } from "@/lib/workspaces/work-caps";
import { createWorkspace } from "@/lib/workspaces/workspaces";
import { appErrorOf as failure } from "./helpers/errors";
import { executeGenerator } from "./helpers/execute-generator";
import { startFeedServer } from "./helpers/feed-server";
import { describeEachDatabase } from "./helpers/test-database";
import { createUser } from "./helpers/users";

const hourAgo = () => new Date(Date.now() - 3_600_000).toISOString();

describeEachDatabase("bounded reports and the stored-items cap", (db) => {
  let alice: Actor;
  let server: Awaited<ReturnType<typeof startFeedServer>>;

  beforeAll(async () => {
    server = await startFeedServer();
    alice = await createUser(db(), { name: "alice" });
  });
  afterAll(() => server.close());
  afterEach(() => {
    delete process.env.AUTOPILOT_REPORT_ITEMS_PER_SECTION;
    delete process.env.AUTOPILOT_REPORT_MAX_ITEMS;
    delete process.env.AUTOPILOT_ALLOW_PRIVATE_FEEDS;
  });

  async function workspaceWithSpec(name: string, categories: { id: string; name: string; keywords: string[] }[], regions: string[]) {
    const workspaceId = (await createWorkspace(alice, { name })).id;
    const spec = await createSpecification(alice, workspaceId, specificationSchema.parse({ name, categories, regions, frequency: "daily" }));
    return { workspaceId, specId: spec.id };
  }

  const generate = (workspaceId: string, specId: string) =>
    executeGenerator(db(), { workspaceId, specificationId: specId, actor: { kind: "user", id: alice.id, email: alice.email }, trigger: "manual", cadenceOverride: "daily" });

  it("matches keywords as whole words in any case and script, with symbols taken literally", async () => {
    const { workspaceId, specId } = await workspaceWithSpec(
      "Keywords",
      [
        { id: "ai", name: "AI", keywords: ["ai", "c++"] },
        { id: "eu", name: "Europe", keywords: ["Ärger"] },
      ],
      ["World"],
    );
    const titles = ["AI chips are here", "He said nothing", "Why C++ is back", "Why C is back", "Großer ärger in Berlin", "Ärgerlich, aber wahr"];
    await importContentItems(alice, workspaceId, contentImportSchema.parse(titles.map((title, i) => ({ category_id: "other", region: "World", title, url: `https://k.example/${i}`, published_at: hourAgo() }))));
    const run = await generate(workspaceId, specId);
    const html = (await getReportFile(db(), { workspaceId, runId: run.id }))!.html;
    expect(run.item_count).toBe(3);
    for (const shown of ["AI chips are here", "Why C++ is back", "Großer ärger in Berlin"]) expect(html).toContain(shown);
    for (const hidden of ["He said nothing", "Why C is back", "Ärgerlich, aber wahr"]) expect(html).not.toContain(hidden);
  });

  it("shows the newest items up to the per-section and total limits, counts all of them, and says how many more there were", async () => {
    process.env.AUTOPILOT_REPORT_ITEMS_PER_SECTION = "10";
    process.env.AUTOPILOT_REPORT_MAX_ITEMS = "25";
    const categories = ["a", "b", "c"].map((id) => ({ id, name: id.toUpperCase(), keywords: [] }));
    const { workspaceId, specId } = await workspaceWithSpec("Many", categories, ["North", "South"]);
    // 3 categories × 2 regions × 200 items, each one minute older than the one before.
    const items = Array.from({ length: 1200 }, (_, i) => ({
      category_id: categories[i % 3].id,
      region: i % 2 ? "North" : "South",
      title: `Headline ${i}`,
      url: `https://m.example/${i}`,
      published_at: new Date(Date.now() - 60_000 * (i + 1)).toISOString(),
    }));
    for (let i = 0; i < items.length; i += 600) await importContentItems(alice, workspaceId, contentImportSchema.parse(items.slice(i, i + 600)));
    const run = await generate(workspaceId, specId);
    expect(run.item_count).toBe(1200);
    const html = (await getReportFile(db(), { workspaceId, runId: run.id }))!.html;
    expect(html.match(/<li /g)).toHaveLength(25);
    expect(html).toContain("Summary: 1200 items (the newest 25 shown)");
    // Category A, South holds items 0, 6, 12, … : the newest (Headline 0) is shown, the 10th newest (Headline 54) is not.
    expect(html).toContain("Headline 0<");
    expect(html).not.toContain("Headline 1194<");
    expect(html).toMatch(/and 19[56] more items in this period, not shown \(this report shows the newest [45]\)/);
  });

  it("the stored-items cap holds under parallel imports, and a feed refresh stores only the newest items that fit", async () => {
    const { workspaceId, specId } = await workspaceWithSpec("Full", [{ id: "chips", name: "Chips", keywords: [] }], ["Asia"]);
    const cap = WORK_CAPS.contentItemsPerWorkspace;
    await db().query(
      `insert into content_items (workspace_id, category_id, region, title, url, published_at)
       select $1, 'chips', 'Asia', 'Filler ' || n, 'https://filler.example/' || n, now() - interval '30 days'
       from generate_series(1, $2::int) as n`,
      [workspaceId, cap - 10],
    );
    const batch = (k: number) => contentImportSchema.parse(Array.from({ length: 4 }, (_, i) => ({ category_id: "chips", region: "Asia", title: `Burst ${k}.${i}`, url: `https://burst.example/${k}/${i}`, published_at: hourAgo() })));
    const outcomes = await Promise.allSettled(Array.from({ length: 8 }, (_, k) => importContentItems(alice, workspaceId, batch(k))));
    const stored = async () => (await db().query<{ n: number }>("select count(*)::int as n from content_items where workspace_id = $1", [workspaceId])).rows[0].n;
    // Room for 10: two batches of 4 fit, the rest are refused whole with the room left named.
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(2);
    const refused = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason] : []));
    expect(refused).toHaveLength(6);
    await expect(failure(Promise.reject(refused[0]))).resolves.toMatchObject({ status: 409, fields: { items: "At most 2 more items fit in this workspace" } });
    expect(await stored()).toBe(cap - 2);

    process.env.AUTOPILOT_ALLOW_PRIVATE_FEEDS = "1";
    await updateSpecification(alice, workspaceId, specId, { feeds: [{ url: server.url("/rss"), category_id: "chips", region: "Asia" }] });
    const run = await generate(workspaceId, specId);
    expect(run.status).toBe("success");
    expect(await stored()).toBe(cap);
    expect(run.notes).toEqual([expect.stringMatching(new RegExp(`^\\d+ new feed items were not stored: the workspace holds at most ${cap} items\\.$`))]);
    // The two that fit are the feed's newest: "Evil summary" (1 h old) and the script-titled one (2 h) or Foundry (3 h).
    const html = (await getReportFile(db(), { workspaceId, runId: run.id }))!.html;
    expect(html).toContain("Evil summary");
    expect(html).not.toContain("Old news");
  });
});

import { createHash } from "node:crypto";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { importContentItems, listWorkspaceContent } from "@/lib/content/content-items";
import { getReportFile } from "@/lib/db/report-files";
import type { Actor } from "@/lib/db/transactions";
import type { GeneratorRequest } from "@/lib/generator/execute-generator";
import { executeGenerator } from "./helpers/execute-generator";
import { reportWindow } from "@/lib/generator/report-window";
import { createSpecification, updateSpecification } from "@/lib/specifications/specifications";
import { contentImportSchema } from "@/lib/validation/content-item";
import { specificationSchema } from "@/lib/validation/specification";
import { createStarterWorkspace } from "@/lib/workspaces/starter-workspace";
import { createWorkspace } from "@/lib/workspaces/workspaces";
import { appErrorOf as failure } from "./helpers/errors";
import { startFeedServer } from "./helpers/feed-server";
import { describeEachDatabase } from "./helpers/test-database";
import { createUser } from "./helpers/users";

const item = (overrides: Record<string, unknown>) => ({
  category_id: "chips",
  region: "Asia",
  title: "Item",
  url: `https://example.com/${Math.random()}`,
  published_at: new Date(Date.now() - 3_600_000).toISOString(),
  ...overrides,
});

describeEachDatabase("the report generator", (db) => {
  let alice: Actor, bob: Actor, workspaceId: string, specId: string;
  let server: Awaited<ReturnType<typeof startFeedServer>>;
  const request = (overrides: Partial<GeneratorRequest> = {}): GeneratorRequest => ({
    workspaceId,
    specificationId: specId,
    actor: { kind: "user", id: alice.id, email: alice.email },
    trigger: "manual",
    ...overrides,
  });
  const runCount = async () => (await db().query<{ n: number }>("select count(*)::int as n from newsletter_runs where workspace_id = $1", [workspaceId])).rows[0].n;

  beforeAll(async () => {
    server = await startFeedServer();
    alice = await createUser(db(), { name: "alice" });
    bob = await createUser(db(), { name: "bob" });
    workspaceId = (await createWorkspace(alice, { name: "Chips" })).id;
    const spec = await createSpecification(
      alice,
      workspaceId,
      specificationSchema.parse({
        name: "Chip daily",
        categories: [
          { id: "chips", name: "Chips", keywords: [] },
          { id: "policy", name: "Policy", keywords: ["export"] },
        ],
        regions: ["Asia", "Europe"],
        frequency: "daily",
      }),
    );
    specId = spec.id;
    await importContentItems(alice, workspaceId, contentImportSchema.parse([
      item({ title: "In window, Asia chips", url: "https://example.com/in" }),
      item({ title: "In window, Europe", region: "Europe", url: "https://example.com/eu" }),
      item({ title: "Too old", url: "https://example.com/old", published_at: new Date(Date.now() - 3 * 86_400_000).toISOString() }),
      item({ title: "Other region", region: "Mars", url: "https://example.com/mars" }),
      item({ title: "New export controls", category_id: "misc", url: "https://example.com/kw" }),
    ]));
  });
  afterAll(() => server.close());
  afterEach(() => {
    delete process.env.AUTOPILOT_ALLOW_PRIVATE_FEEDS;
  });

  it("makes a report of exactly the items in the window, categories and regions, and stores it with its hash", async () => {
    const run = await executeGenerator(db(), request({ cadenceOverride: "daily" }));
    expect(run).toMatchObject({ status: "success", trigger: "manual", cadence: "daily", categories: ["chips", "policy"], regions: ["Asia", "Europe"], error: null });
    expect(run.item_count).toBe(3);
    expect(run.duration_ms).toBeGreaterThanOrEqual(0);
    const file = await getReportFile(db(), { workspaceId, runId: run.id });
    expect(file!.html).toContain("In window, Asia chips");
    expect(file!.html).toContain("In window, Europe");
    expect(file!.html).toContain("New export controls"); // matched by the Policy keyword "export"
    expect(file!.html).not.toContain("Too old");
    expect(file!.html).not.toContain("Other region");
    expect(file!.bytes).toBe(Buffer.byteLength(file!.html));
    expect(file!.sha256).toBe(createHash("sha256").update(file!.html).digest("hex"));
  });

  it("respects overrides, and refuses unknown categories or regions without writing anything", async () => {
    const run = await executeGenerator(db(), request({ categoriesOverride: ["chips"], regionsOverride: ["Europe"], cadenceOverride: "daily" }));
    expect(run.item_count).toBe(1);
    const html = (await getReportFile(db(), { workspaceId, runId: run.id }))!.html;
    expect(html).toContain("In window, Europe");
    expect(html).not.toContain("In window, Asia chips");
    const before = await runCount();
    const unknown = await failure(executeGenerator(db(), request({ categoriesOverride: ["gpus"], cadenceOverride: "daily" })));
    expect([unknown.status, unknown.fields]).toEqual([400, { categories_override: 'Not a category of "Chip daily": gpus' }]);
    const badRegion = await failure(executeGenerator(db(), request({ regionsOverride: ["Atlantis"], cadenceOverride: "daily" })));
    expect(badRegion.fields).toEqual({ regions_override: 'Not a region of "Chip daily": Atlantis' });
    expect(await runCount()).toBe(before);
  });

  it("enforces one report per calendar period for manual runs (the UTC day of the request), unless a cadence override is given", async () => {
    const first = await executeGenerator(db(), request());
    expect(first.status).toBe("success");
    const today = new Date().toISOString().slice(0, 10);
    expect(first.frequency_period).toBe(`daily:${today}`);
    const before = await runCount();
    const refused = await failure(executeGenerator(db(), request()));
    expect(refused.status).toBe(409);
    expect(refused.message).toMatch(/already has its daily report for .* \(UTC\); the next one is allowed from .* 00:00 UTC/);
    const nextEligible = new Date(refused.fields!.next_eligible_at);
    expect(nextEligible.toISOString()).toBe(new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString());
    expect(await runCount()).toBe(before);
    const overridden = await executeGenerator(db(), request({ cadenceOverride: "weekly" }));
    expect(overridden).toMatchObject({ status: "success", frequency_period: null });
  });

  it("the frequency period follows the calendar: a manual run on the next UTC day is allowed, 1 ms before it is not", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const midnight = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000);
    const justBefore = await failure(executeGenerator(db(), request({ clock: () => new Date(midnight.getTime() - 1) })));
    expect(justBefore.status).toBe(409);
    const next = await executeGenerator(db(), request({ clock: () => midnight }));
    expect(next).toMatchObject({ status: "success", frequency_period: `daily:${midnight.toISOString().slice(0, 10)}` });
  });

  it("an inactive specification is 409 and another workspace's is 404; neither writes a run", async () => {
    const before = await runCount();
    await updateSpecification(alice, workspaceId, specId, { status: "inactive" });
    const inactive = await failure(executeGenerator(db(), request({ cadenceOverride: "daily" })));
    expect([inactive.status, inactive.message]).toEqual([409, "Specification is not active"]);
    await updateSpecification(alice, workspaceId, specId, { status: "active" });
    const bobsWorkspace = (await createStarterWorkspace(db(), bob)).id;
    const foreign = await failure(executeGenerator(db(), request({ workspaceId: bobsWorkspace, cadenceOverride: "daily" })));
    expect(foreign.status).toBe(404);
    expect(await runCount()).toBe(before);
  });

  it("fetches the specification's feeds first; a failing feed is named in the notes and the report is still made", async () => {
    process.env.AUTOPILOT_ALLOW_PRIVATE_FEEDS = "1";
    await updateSpecification(alice, workspaceId, specId, {
      feeds: [
        { url: server.url("/rss"), category_id: "chips", region: "Asia" },
        { url: server.url("/atom"), category_id: "policy" },
        { url: server.url("/not-xml"), category_id: "chips" },
      ],
    });
    const run = await executeGenerator(db(), request({ cadenceOverride: "daily" }));
    expect(run.status).toBe("success");
    expect(run.notes).toEqual([expect.stringMatching(/Feed http:\/\/127\.0\.0\.1:\d+\/not-xml failed: not an RSS or Atom feed/)]);
    const html = (await getReportFile(db(), { workspaceId, runId: run.id }))!.html;
    expect(html).toContain("Foundry expands capacity");
    expect(html).toContain("Export rules updated"); // Atom, region-less: listed under Global
    expect(html).toContain("Global");
    expect(html).toContain("not an RSS or Atom feed");
    expect(html).not.toContain("Old news"); // stored, but outside the daily window
    expect(html).not.toMatch(/<script|javascript:|onerror/i);
    await updateSpecification(alice, workspaceId, specId, { feeds: [] });
  });

  it("a feed must fill a category the specification has", async () => {
    const error = await failure(updateSpecification(alice, workspaceId, specId, { feeds: [{ url: "https://x.example/feed", category_id: "nope" }] }));
    expect(error.fields).toEqual({ "feeds.0.category_id": 'Feed 1: no category has the id "nope"' });
  });

  it("imports validate every item and write all or nothing; listing filters and paginates", async () => {
    const batch = [item({ url: "https://example.com/ok-1" }), item({ url: "https://example.com/ok-2" }), item({ url: "javascript:alert(1)" })];
    const parsed = contentImportSchema.safeParse(batch);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0].path).toEqual([2, "url"]);
    expect(contentImportSchema.safeParse(Array.from({ length: 1001 }, () => item({}))).success).toBe(false);
    const page = await listWorkspaceContent(alice, workspaceId, { region: "Europe", limit: 1, offset: 0 });
    expect(page.items).toHaveLength(1);
    expect(page.total).toBeGreaterThanOrEqual(1);
    expect((await listWorkspaceContent(alice, workspaceId, { q: "ok-", limit: 50, offset: 0 })).total).toBe(0);
    expect((await failure(importContentItems(bob, workspaceId, contentImportSchema.parse([item({})])))).status).toBe(404);
  });

  it("the sample workspace produces a full weekly report in every category and region with no network", async () => {
    const sampleWorkspace = (await createStarterWorkspace(db(), alice)).id;
    const { rows } = await db().query<{ id: string }>("select id from newsletter_specifications where workspace_id = $1", [sampleWorkspace]);
    const run = await executeGenerator(db(), request({ workspaceId: sampleWorkspace, specificationId: rows[0].id }));
    expect(run.status).toBe("success");
    const html = (await getReportFile(db(), { workspaceId: sampleWorkspace, runId: run.id }))!.html;
    expect(html).not.toContain("No new items");
    expect(run.item_count).toBeGreaterThanOrEqual(4 * 3);
  });
});

it("report windows: 24 h, 7 days, and the calendar month before the end", () => {
  const end = new Date("2026-03-31T09:00:00Z");
  expect(reportWindow("daily", end).start.toISOString()).toBe("2026-03-30T09:00:00.000Z");
  expect(reportWindow("weekly", end).start.toISOString()).toBe("2026-03-24T09:00:00.000Z");
  expect(reportWindow("monthly", end).start.toISOString()).toBe("2026-02-28T09:00:00.000Z");
  expect(reportWindow("monthly", new Date("2026-12-15T00:00:00Z")).start.toISOString()).toBe("2026-11-15T00:00:00.000Z");
});

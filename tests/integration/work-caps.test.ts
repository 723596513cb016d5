import { expect, it } from "vitest";
import { importContentItems } from "@/lib/content/content-items";
import { startGeneratorRun, tryStartGeneratorRun, type GeneratorRequest } from "@/lib/generator/execute-generator";
import { createWorkspace } from "@/lib/workspaces/workspaces";
import { createStarterWorkspace } from "@/lib/workspaces/starter-workspace";
import { WORK_CAPS } from "@/lib/workspaces/work-caps";
import { appErrorOf as failure } from "./helpers/errors";
import { describeEachDatabase } from "./helpers/test-database";
import { createUser } from "./helpers/users";

describeEachDatabase("work caps per workspace and person", (db) => {
  async function workspaceWithSpec() {
    const owner = await createUser(db(), { name: "caps" });
    const workspaceId = (await createStarterWorkspace(db(), owner)).id;
    const specificationId = (await db().query<{ id: string }>("select id from newsletter_specifications where workspace_id = $1", [workspaceId])).rows[0].id;
    const generate = (): GeneratorRequest => ({ workspaceId, specificationId, actor: { kind: "user", id: owner.id, email: owner.email }, trigger: "manual", cadenceOverride: "daily" });
    return { owner, workspaceId, specificationId, generate };
  }
  const count = async (workspaceId: string) => (await db().query<{ n: number }>("select count(*)::int as n from newsletter_runs where workspace_id = $1", [workspaceId])).rows[0].n;

  it("at most 5 people's reports generating at once in a workspace, then 429 with Retry-After; the engine is not held back", async () => {
    const { workspaceId, generate } = await workspaceWithSpec();
    // Each manual run with a daily period override; the specification's frequency does not apply to overrides.
    for (let i = 0; i < WORK_CAPS.runsInProgressPerWorkspace; i++) expect((await tryStartGeneratorRun(db(), generate())).run).toBeDefined();
    const refused = await failure(startGeneratorRun(db(), generate()));
    expect(refused).toMatchObject({ status: 429, message: expect.stringMatching(/5 reports are being generated in this workspace already/) });
    expect(refused.headers?.["Retry-After"]).toBe("30");
    expect(await count(workspaceId)).toBe(WORK_CAPS.runsInProgressPerWorkspace);
    // One finishes: the next may start.
    await db().query("update newsletter_runs set status = 'success', finished_at = now() where id = (select id from newsletter_runs where workspace_id = $1 limit 1)", [workspaceId]);
    expect((await tryStartGeneratorRun(db(), generate())).run).toBeDefined();
  });

  it("at most 60 people's reports an hour in a workspace, with Retry-After until the oldest is an hour old", async () => {
    const { workspaceId, specificationId, owner, generate } = await workspaceWithSpec();
    await db().query(
      `insert into newsletter_runs (workspace_id, specification_id, specification_name, trigger, status, created_by, created_at, started_at, finished_at)
       select $1, $2, 'old', 'manual', 'success', $3, now() - interval '50 minutes' + (n || ' seconds')::interval, now(), now()
       from generate_series(1, $4::int) n`,
      [workspaceId, specificationId, owner.id, WORK_CAPS.manualRunsPerHour],
    );
    const refused = await failure(startGeneratorRun(db(), generate()));
    expect(refused).toMatchObject({ status: 429, message: expect.stringMatching(/started 60 reports in the last hour/) });
    const retryAfter = Number(refused.headers?.["Retry-After"]);
    expect(retryAfter).toBeGreaterThan(9 * 60);
    expect(retryAfter).toBeLessThanOrEqual(10 * 60 + 1);
    expect(await count(workspaceId)).toBe(WORK_CAPS.manualRunsPerHour);
  });

  it("at most 20 workspaces per person, and at most 50,000 content items per workspace, refused before writing", async () => {
    const person = await createUser(db(), { name: "many" });
    for (let i = 0; i < WORK_CAPS.workspacesPerPerson; i++) await createWorkspace(person, { name: `W${i}` });
    expect(await failure(createWorkspace(person, { name: "One too many" }))).toMatchObject({ status: 409, message: expect.stringMatching(/at most 20 workspaces/) });

    const { owner, workspaceId } = await workspaceWithSpec();
    const sample = (await db().query<{ n: number }>("select count(*)::int as n from content_items where workspace_id = $1", [workspaceId])).rows[0].n;
    await db().query(
      `insert into content_items (workspace_id, category_id, region, title, url, published_at)
       select $1, 'ai', 'Europe', 'Item ' || n, 'https://example.com/bulk/' || n, now() from generate_series(1, $2::int) n`,
      [workspaceId, WORK_CAPS.contentItemsPerWorkspace - 1 - sample],
    );
    const item = (n: number) => ({ category_id: "ai", region: "Europe", title: `New ${n}`, url: `https://example.com/new/${n}`, summary: "", source: "", published_at: "2026-11-01T09:00:00Z" });
    expect(await failure(importContentItems(owner, workspaceId, [item(1), item(2)]))).toMatchObject({ status: 409, fields: { items: expect.stringMatching(/At most 1 more/) } });
    expect((await db().query<{ n: number }>("select count(*)::int as n from content_items where workspace_id = $1", [workspaceId])).rows[0].n).toBe(WORK_CAPS.contentItemsPerWorkspace - 1);
    await importContentItems(owner, workspaceId, [item(1)]);
  });
});

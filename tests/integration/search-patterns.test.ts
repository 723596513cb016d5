import { expect, it } from "vitest";
import { listScheduleViews } from "@/lib/autopilot/schedules";
import { importContentItems, listWorkspaceContent } from "@/lib/content/content-items";
import { contentListQuerySchema } from "@/lib/validation/content-item";
import { scheduleListQuerySchema } from "@/lib/validation/schedule";
import { createStarterWorkspace } from "@/lib/workspaces/starter-workspace";
import { createDailySchedule } from "./helpers/schedules";
import { describeEachDatabase } from "./helpers/test-database";
import { createUser } from "./helpers/users";

describeEachDatabase("searches take %, _ and \\ literally", (db) => {
  it("in content items and schedule names", async () => {
    const owner = await createUser(db(), { name: "search" });
    const workspaceId = (await createStarterWorkspace(db(), owner)).id;
    const specId = (await db().query<{ id: string }>("select id from newsletter_specifications where workspace_id = $1", [workspaceId])).rows[0].id;
    const item = (title: string, n: number) => ({ category_id: "ai", region: "Europe", title, url: `https://example.com/${n}`, summary: "", source: "", published_at: "2026-11-01T09:00:00Z" });
    await importContentItems(owner, workspaceId, [item("50% off chips", 1), item("500 offers", 2), item("a\\b path", 3), item("ab path", 4)]);
    const titles = async (q: string) => (await listWorkspaceContent(owner, workspaceId, contentListQuerySchema.parse({ q }))).items.map((i) => i.title).sort();
    expect(await titles("50%")).toEqual(["50% off chips"]);
    expect(await titles("a\\b")).toEqual(["a\\b path"]);
    expect(await titles("%")).toEqual(["50% off chips"]);

    for (const name of ["night_shift", "nightXshift"]) await createDailySchedule(owner, workspaceId, specId, { schedule_name: name });
    const names = async (q: string) => (await listScheduleViews(owner, workspaceId, scheduleListQuerySchema.parse({ q }))).items.map((s) => s.schedule_name);
    expect(await names("night_shift")).toEqual(["night_shift"]);
  });
});

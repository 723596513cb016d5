import { expect, it } from "vitest";
import type { AppError } from "@/lib/errors/app-error";
import { deleteSpecification, getSpecification, updateSpecification } from "@/lib/specifications/specifications";
import { createStarterWorkspace } from "@/lib/workspaces/starter-workspace";
import { createDailySchedule } from "./helpers/schedules";
import { describeEachDatabase } from "./helpers/test-database";
import { createUser } from "./helpers/users";

describeEachDatabase("deleting a specification never takes schedules its deleter could not delete", (db) => {
  it("refuses a member (409 naming the others' schedules, nothing deleted), lets the owner, and audits every schedule that goes", async () => {
    const owner = await createUser(db(), { name: "spec-owner" });
    const member = await createUser(db(), { name: "spec-member" });
    const workspaceId = (await createStarterWorkspace(db(), owner)).id;
    await db().query("insert into workspace_members (workspace_id, user_id, email, role) values ($1, $2, $3, 'member')", [workspaceId, member.id, member.email]);
    const specId = (await db().query<{ id: string }>("select id from newsletter_specifications where workspace_id = $1", [workspaceId])).rows[0].id;
    const ownersSchedule = await createDailySchedule(owner, workspaceId, specId, { schedule_name: "Owner's briefing" });
    const membersSchedule = await createDailySchedule(member, workspaceId, specId, { schedule_name: "Member's briefing" });
    const count = async (sql: string, params: unknown[]) => (await db().query<{ n: number }>(sql, params)).rows[0].n;
    const schedules = () => count("select count(*)::int as n from autopilot_schedules where specification_id = $1", [specId]);

    const refused = (await deleteSpecification(member, workspaceId, specId).catch((error: AppError) => error)) as AppError;
    expect(refused).toMatchObject({ code: "conflict", message: expect.stringContaining("“Owner's briefing”") });
    expect(refused.message).not.toContain("Member's briefing");
    expect(refused.fields).toEqual({ specification: expect.stringContaining("“Owner's briefing”") });
    expect(await schedules()).toBe(2);
    expect(await count("select count(*)::int as n from newsletter_specifications where id = $1", [specId])).toBe(1);

    await deleteSpecification(owner, workspaceId, specId);
    expect(await schedules()).toBe(0);
    const audited = await db().query<{ entity_id: string; actor_id: string; details: { reason: string } }>(
      "select entity_id, actor_id, details from audit_log where action = 'schedule.delete' and workspace_id = $1 order by entity_id",
      [workspaceId],
    );
    expect(audited.rows.map((row) => row.entity_id).sort()).toEqual([ownersSchedule.id, membersSchedule.id].sort());
    expect(audited.rows.every((row) => row.actor_id === owner.id && row.details.reason === "its specification “Weekly Tech Briefing” was deleted")).toBe(true);
  });

  it("refuses a member changing a specification under other people's schedules (403 naming them, nothing changed); its owner may", async () => {
    const owner = await createUser(db(), { name: "spec-owner" });
    const member = await createUser(db(), { name: "spec-member" });
    const workspaceId = (await createStarterWorkspace(db(), owner)).id;
    await db().query("insert into workspace_members (workspace_id, user_id, email, role) values ($1, $2, $3, 'member')", [workspaceId, member.id, member.email]);
    const specId = (await db().query<{ id: string }>("select id from newsletter_specifications where workspace_id = $1", [workspaceId])).rows[0].id;
    await createDailySchedule(owner, workspaceId, specId, { schedule_name: "Owner's briefing" });
    await createDailySchedule(member, workspaceId, specId, { schedule_name: "Member's briefing" });
    for (const patch of [{ status: "inactive" as const }, { feeds: [{ url: "https://attacker.example/feed.xml", category_id: "ai" }] }]) {
      const refused = (await updateSpecification(member, workspaceId, specId, patch).catch((error: AppError) => error)) as AppError;
      expect(refused).toMatchObject({ code: "forbidden", fields: { specification: expect.stringContaining("“Owner's briefing”") } });
      expect(refused.message).not.toContain("Member's briefing");
    }
    const unchanged = await getSpecification(owner, workspaceId, specId);
    expect([unchanged.status, unchanged.feeds]).toEqual(["active", []]);
    expect((await updateSpecification(owner, workspaceId, specId, { status: "inactive" })).status).toBe("inactive");
  });
});

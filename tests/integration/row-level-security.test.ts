import { beforeAll, expect, it } from "vitest";
import type { Database, Queryable } from "@/lib/db/database";
import { withUser, type Actor } from "@/lib/db/transactions";
import { SAMPLE_SPECIFICATION } from "@/lib/workspaces/starter-workspace";
import { createStarterWorkspace } from "@/lib/workspaces/starter-workspace";
import { describeEachDatabase } from "./helpers/test-database";
import { createUser } from "./helpers/users";

const TABLES = ["workspaces", "workspace_members", "newsletter_specifications", "autopilot_schedules", "newsletter_runs", "audit_log"];

/** Runs SQL as `actor` and reports a policy violation as a value, so tests can assert on it. */
async function attempt(db: Database, actor: Actor, work: (tx: Queryable) => Promise<unknown>): Promise<unknown> {
  try {
    return await withUser(db, actor, work);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

describeEachDatabase("row-level security, proven from SQL", (db) => {
  let owner: Actor, member: Actor, outsider: Actor, admin: Actor;
  let workspaceId: string, specificationId: string, ownersScheduleId: string, membersScheduleId: string;

  const insertSchedule = (tx: Queryable, actor: Actor, name: string) =>
    tx.query<{ id: string }>(
      `insert into autopilot_schedules (specification_id, workspace_id, created_by, created_by_user_id, schedule_name,
         schedule_type, schedule_config)
       values ($1, $2, $3, $4, $5, 'daily', '{"time":"09:00","timezone":"UTC"}') returning id`,
      [specificationId, workspaceId, actor.email, actor.id, name],
    );

  beforeAll(async () => {
    owner = await createUser(db(), { name: "owner" });
    member = await createUser(db(), { name: "member" });
    outsider = await createUser(db(), { name: "outsider" });
    admin = await createUser(db(), { name: "admin", admin: true });
    workspaceId = (await createStarterWorkspace(db(), owner)).id;
    // Joining is the server's work (an accepted invitation).
    await db().query("insert into workspace_members (workspace_id, user_id, email, role) values ($1, $2, $3, 'member')", [workspaceId, member.id, member.email]);
    await withUser(db(), owner, async (tx) => {
      specificationId = (await tx.query<{ id: string }>("select id from newsletter_specifications")).rows[0].id;
      ownersScheduleId = (await insertSchedule(tx, owner, "owner's")).rows[0].id;
    });
    // Runs are the server's to write.
    await db().query(
      `insert into newsletter_runs (workspace_id, specification_id, specification_name, trigger, created_by)
       values ($1, $2, 'x', 'manual', $3)`,
      [workspaceId, specificationId, owner.id],
    );
    membersScheduleId = (await withUser(db(), member, (tx) => insertSchedule(tx, member, "member's"))).rows[0].id;
  });

  it("a member of another workspace reads 0 rows of every table", async () => {
    for (const table of TABLES) {
      const { rows } = await withUser(db(), outsider, (tx) =>
        tx.query<{ n: number }>(`select count(*)::int as n from public.${table} where ${table === "workspaces" ? "id" : "workspace_id"} = $1`, [workspaceId]),
      );
      expect({ table, rows: rows[0].n }).toEqual({ table, rows: 0 });
    }
  });

  it("members read their workspace's rows; platform admins read everything", async () => {
    for (const actor of [owner, member, admin]) {
      const { rows } = await withUser(db(), actor, (tx) =>
        tx.query<{ n: number }>("select count(*)::int as n from newsletter_specifications where workspace_id = $1", [workspaceId]),
      );
      expect(rows[0].n).toBe(1);
    }
  });

  it("an outsider cannot insert into, update or delete from another workspace", async () => {
    const insert = await attempt(db(), outsider, (tx) =>
      tx.query("insert into newsletter_specifications (workspace_id, name, frequency) values ($1, 'evil', 'daily')", [workspaceId]),
    );
    expect(insert).toMatch(/row-level security/);
    const update = await withUser(db(), outsider, (tx) =>
      tx.query("update newsletter_specifications set name = 'evil' where workspace_id = $1", [workspaceId]),
    );
    expect(update.rowCount).toBe(0);
    const remove = await withUser(db(), outsider, (tx) => tx.query("delete from workspaces where id = $1", [workspaceId]));
    expect(remove.rowCount).toBe(0);
    const join = await attempt(db(), outsider, (tx) =>
      tx.query("insert into workspace_members (workspace_id, user_id, email, role) values ($1, $2, $3, 'owner')", [
        workspaceId,
        outsider.id,
        outsider.email,
      ]),
    );
    expect(join).toMatch(/row-level security/);
    const { rows } = await db().query<{ name: string }>("select name from newsletter_specifications where workspace_id = $1", [workspaceId]);
    expect(rows.map((r) => r.name)).toEqual([SAMPLE_SPECIFICATION.name]);
  });

  it("platform admins read but cannot write", async () => {
    const update = await withUser(db(), admin, (tx) =>
      tx.query("update newsletter_specifications set name = 'admin was here' where workspace_id = $1", [workspaceId]),
    );
    expect(update.rowCount).toBe(0);
  });

  it("a schedule is changed or deleted only by its creator or a workspace owner", async () => {
    const rename = (actor: Actor, id: string) =>
      withUser(db(), actor, (tx) => tx.query("update autopilot_schedules set notes = $2 where id = $1", [id, actor.email]));
    expect((await rename(member, ownersScheduleId)).rowCount).toBe(0); // a plain member, not the creator
    expect((await rename(member, membersScheduleId)).rowCount).toBe(1); // the creator
    expect((await rename(owner, membersScheduleId)).rowCount).toBe(1); // an owner
    expect((await rename(outsider, membersScheduleId)).rowCount).toBe(0);
    const remove = await withUser(db(), member, (tx) => tx.query("delete from autopilot_schedules where id = $1", [ownersScheduleId]));
    expect(remove.rowCount).toBe(0);
  });

  it("members create schedules only as themselves", async () => {
    const forged = await attempt(db(), member, (tx) => insertSchedule(tx, owner, "forged"));
    expect(forged).toMatch(/row-level security/);
  });

  it("nobody adds members directly, not even an owner: people join by accepting an invitation", async () => {
    const stranger = await createUser(db(), { name: "stranger" });
    for (const actor of [member, owner]) {
      const added = await attempt(db(), actor, (tx) =>
        tx.query("insert into workspace_members (workspace_id, user_id, email, role) values ($1, $2, $3, 'member')", [workspaceId, stranger.id, stranger.email]),
      );
      expect(added).toMatch(/row-level security/);
    }
  });

  it("the audit log cannot be rewritten by anyone signed in", async () => {
    const update = await attempt(db(), owner, (tx) => tx.query("update audit_log set action = 'x' where workspace_id = $1", [workspaceId]));
    expect(update).toMatch(/permission denied for table audit_log/);
    const { rows } = await withUser(db(), owner, (tx) =>
      tx.query<{ n: number }>("select count(*)::int as n from audit_log where workspace_id = $1", [workspaceId]),
    );
    expect(rows[0].n).toBeGreaterThan(0);
  });
});

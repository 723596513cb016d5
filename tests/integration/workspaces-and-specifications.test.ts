import { beforeAll, expect, it } from "vitest";
import type { Actor } from "@/lib/db/transactions";
import {
  createSpecification,
  deleteSpecification,
  getSpecification,
  listSpecifications,
  updateSpecification,
} from "@/lib/specifications/specifications";
import { specificationSchema } from "@/lib/validation/specification";
import { SAMPLE_SPECIFICATION, createStarterWorkspace } from "@/lib/workspaces/starter-workspace";
import { createWorkspace, listWorkspaceMembers, listWorkspaces } from "@/lib/workspaces/workspaces";
import { joinWorkspace } from "./helpers/members";
import { appErrorOf } from "./helpers/errors";
import { describeEachDatabase } from "./helpers/test-database";
import { createUser } from "./helpers/users";

async function errorCode(work: Promise<unknown>): Promise<string> {
  const error = await appErrorOf(work);
  return `${error.status} ${error.code}`;
}

const spec = (name: string) =>
  specificationSchema.parse({
    name,
    categories: [{ id: "ai", name: "AI", keywords: ["llm"] }],
    regions: ["Europe", "Asia"],
    frequency: "daily",
  });

describeEachDatabase("workspaces and specifications", (db) => {
  let alice: Actor, bob: Actor, admin: Actor;
  let aliceWorkspace: string;

  beforeAll(async () => {
    alice = await createUser(db(), { name: "alice" });
    bob = await createUser(db(), { name: "bob" });
    admin = await createUser(db(), { name: "admin", admin: true });
    aliceWorkspace = (await createStarterWorkspace(db(), alice)).id;
  });

  it("a new user's starter workspace holds the sample specification, and they own it", async () => {
    const [workspace] = await listWorkspaces(alice);
    expect(workspace).toMatchObject({ id: aliceWorkspace, role: "owner", specification_count: 1 });
    const [sample] = await listSpecifications(alice, aliceWorkspace);
    expect(sample.name).toBe(SAMPLE_SPECIFICATION.name);
    expect(sample.categories.length).toBeGreaterThanOrEqual(3);
    expect(sample.regions.length).toBeGreaterThanOrEqual(3);
  });

  it("creating a workspace makes the creator its owner", async () => {
    const workspace = await createWorkspace(bob, { name: "Bob's team" });
    expect(workspace.role).toBe("owner");
    const members = await listWorkspaceMembers(bob, workspace.id);
    expect(members).toEqual([expect.objectContaining({ user_id: bob.id, role: "owner", email: bob.email })]);
  });

  it("another user gets 404 for every workspace route, whatever the id looks like", async () => {
    expect(await errorCode(listSpecifications(bob, aliceWorkspace))).toBe("404 not_found");
    expect(await errorCode(listWorkspaceMembers(bob, aliceWorkspace))).toBe("404 not_found");
    expect(await errorCode(createSpecification(bob, aliceWorkspace, spec("x")))).toBe("404 not_found");
    expect(await errorCode(listSpecifications(bob, "not-a-uuid"))).toBe("404 not_found");
    const [sample] = await listSpecifications(alice, aliceWorkspace);
    expect(await errorCode(getSpecification(bob, aliceWorkspace, sample.id))).toBe("404 not_found");
    expect(await errorCode(updateSpecification(bob, aliceWorkspace, sample.id, { name: "evil" }))).toBe("404 not_found");
    expect(await errorCode(deleteSpecification(bob, aliceWorkspace, sample.id))).toBe("404 not_found");
    expect((await getSpecification(alice, aliceWorkspace, sample.id)).name).toBe(SAMPLE_SPECIFICATION.name);
  });

  it("a specification id from another workspace is not found in mine", async () => {
    const bobsWorkspace = (await createWorkspace(bob, { name: "Bob 2" })).id;
    const bobsSpec = await createSpecification(bob, bobsWorkspace, spec("Bob's"));
    expect(await errorCode(getSpecification(alice, aliceWorkspace, bobsSpec.id))).toBe("404 not_found");
  });

  it("create, edit, deactivate and delete a specification, each recorded in the audit log", async () => {
    const created = await createSpecification(alice, aliceWorkspace, spec("Daily AI"));
    expect(created).toMatchObject({ name: "Daily AI", status: "active", frequency: "daily", regions: ["Europe", "Asia"] });
    const edited = await updateSpecification(alice, aliceWorkspace, created.id, {
      categories: [...created.categories, { id: "chips", name: "Chips", keywords: [] }],
    });
    expect(edited.categories.map((c) => c.id)).toEqual(["ai", "chips"]);
    expect(edited.name).toBe("Daily AI"); // untouched fields stay
    const deactivated = await updateSpecification(alice, aliceWorkspace, created.id, { status: "inactive" });
    expect(deactivated.status).toBe("inactive");
    await deleteSpecification(alice, aliceWorkspace, created.id);
    expect(await errorCode(getSpecification(alice, aliceWorkspace, created.id))).toBe("404 not_found");
    const { rows } = await db().query<{ action: string }>(
      "select action from audit_log where entity_id = $1 order by id",
      [created.id],
    );
    expect(rows.map((r) => r.action)).toEqual([
      "specification.create",
      "specification.update",
      "specification.update",
      "specification.delete",
    ]);
  });

  it("a person invited by an owner joins by accepting, and then reads and edits the workspace", async () => {
    await joinWorkspace(alice, aliceWorkspace, bob);
    expect((await listWorkspaceMembers(alice, aliceWorkspace)).map((m) => [m.email, m.role])).toContainEqual([bob.email, "member"]);
    expect((await listSpecifications(bob, aliceWorkspace)).length).toBeGreaterThan(0);
  });

  it("platform admins read any workspace but cannot change it", async () => {
    expect((await listSpecifications(admin, aliceWorkspace)).length).toBeGreaterThan(0);
    expect(await errorCode(createSpecification(admin, aliceWorkspace, spec("admin")))).toBe("403 forbidden");
  });
});

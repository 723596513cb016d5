import { afterAll, afterEach, beforeAll, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/db/transactions";
import { acceptInvitation, approveInvitation, describeInvitation, inviteToWorkspace, listInvitations, revokeInvitation } from "@/lib/invitations/invitations";
import { listSpecifications } from "@/lib/specifications/specifications";
import { createStarterWorkspace } from "@/lib/workspaces/starter-workspace";
import { listWorkspaceMembers } from "@/lib/workspaces/workspaces";
import { sendEmailThrough } from "./helpers/email-settings";
import { appErrorOf } from "./helpers/errors";
import { joinWorkspace, tokenOf } from "./helpers/members";
import { startSmtpSink } from "./helpers/smtp-sink";
import { describeEachDatabase } from "./helpers/test-database";
import { createUser } from "./helpers/users";

describeEachDatabase("invitations", (db) => {
  let owner: Actor, invitee: Actor, member: Actor, someoneElse: Actor;
  let ws: string;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;

  beforeAll(async () => {
    sink = await startSmtpSink();
    owner = await createUser(db(), { name: "owner" });
    invitee = await createUser(db(), { name: "invitee" });
    member = await createUser(db(), { name: "member" });
    someoneElse = await createUser(db(), { name: "someone-else" });
    ws = (await createStarterWorkspace(db(), owner)).id;
    await joinWorkspace(owner, ws, member);
  });
  afterEach(() => vi.unstubAllEnvs());
  afterAll(() => sink.close());

  const auditActions = async () =>
    (await db().query<{ action: string }>("select action from audit_log where workspace_id = $1 and entity_type in ('workspace_invitation', 'workspace_member') order by id", [ws])).rows.map((r) => r.action);

  it("answers the same for an address with an account and one without, and adds nobody until they accept", async () => {
    const known = await inviteToWorkspace(owner, ws, { email: invitee.email, role: "member" });
    const unknown = await inviteToWorkspace(owner, ws, { email: "nobody-yet@example.com", role: "member" });
    const shape = (sent: typeof known) => ({ keys: Object.keys(sent).sort(), invitation: Object.keys(sent.invitation).sort(), emailed: sent.emailed, url: /\/invite\/[\w-]{43}$/.test(sent.accept_url) });
    expect(shape(known)).toEqual(shape(unknown));
    expect((await listWorkspaceMembers(owner, ws)).map((m) => m.email)).not.toContain(invitee.email);
    expect((await listInvitations(member, ws)).map((i) => i.email).sort()).toEqual([invitee.email, "nobody-yet@example.com"].sort());
    // The invitee cannot read the workspace before accepting.
    expect((await appErrorOf(listSpecifications(invitee, ws))).status).toBe(404);
  });

  it("the invited person joins by accepting the emailed link (it proves their mailbox); accepting again changes nothing", async () => {
    sendEmailThrough(sink);
    const { accept_url, emailed } = await inviteToWorkspace(owner, ws, { email: invitee.email, role: "member" });
    expect(emailed).toBe(true);
    expect(await describeInvitation(tokenOf(accept_url))).toMatchObject({ email: invitee.email, state: "open", invited_by_email: owner.email });
    expect(await acceptInvitation(invitee, tokenOf(accept_url))).toEqual({ workspace_id: ws, role: "member", status: "joined" });
    expect(await acceptInvitation(invitee, tokenOf(accept_url))).toEqual({ workspace_id: ws, role: "member", status: "joined" });
    expect((await listWorkspaceMembers(owner, ws)).filter((m) => m.email === invitee.email)).toHaveLength(1);
    expect((await listSpecifications(invitee, ws)).length).toBeGreaterThan(0);
    expect(await describeInvitation(tokenOf(accept_url))).toMatchObject({ state: "accepted" });
    expect((await auditActions()).filter((a) => a === "workspace.member_join")).toHaveLength(2); // member, invitee
  });

  it("a link shared by hand (not emailed) lets an unconfirmed account only ask to join; an owner approves it, a member cannot", async () => {
    const squatter = await createUser(db(), { name: "hand-shared" });
    const sent = await inviteToWorkspace(owner, ws, { email: squatter.email, role: "owner" });
    expect(sent.emailed).toBe(false);
    expect(await acceptInvitation(squatter, tokenOf(sent.accept_url))).toEqual({ workspace_id: ws, role: "owner", status: "awaiting_approval" });
    expect(await acceptInvitation(squatter, tokenOf(sent.accept_url))).toMatchObject({ status: "awaiting_approval" }); // asking twice is one request
    expect((await listWorkspaceMembers(owner, ws)).map((m) => m.email)).not.toContain(squatter.email);
    expect((await appErrorOf(listSpecifications(squatter, ws))).status).toBe(404);
    const asked = (await listInvitations(owner, ws)).find((i) => i.email === squatter.email)!;
    expect(asked.requested_at).toBeInstanceOf(Date);
    expect((await appErrorOf(approveInvitation(member, ws, asked.id))).status).toBe(403);
    expect(await approveInvitation(owner, ws, asked.id)).toEqual({ email: squatter.email, role: "owner" });
    expect((await listWorkspaceMembers(owner, ws)).find((m) => m.email === squatter.email)?.role).toBe("owner");
    expect((await appErrorOf(approveInvitation(owner, ws, asked.id))).status).toBe(404); // used up
    const { rows } = await db().query<{ action: string; details: { approved_by?: string } }>(
      "select action, details from audit_log where workspace_id = $1 and details->>'email' = $2 order by id",
      [ws, squatter.email.toLowerCase()],
    );
    expect(rows.map((r) => r.action)).toEqual(["workspace.invite", "workspace.join_request", "workspace.member_join"]);
    expect(rows[2].details.approved_by).toBe(owner.email);

    // An account whose address is confirmed needs no approval, emailed link or not.
    const confirmed = await createUser(db(), { name: "confirmed" });
    await db().query("update auth.users set email_confirmed_at = now() where id = $1", [confirmed.id]);
    const direct = await inviteToWorkspace(owner, ws, { email: confirmed.email, role: "member" });
    expect(await acceptInvitation(confirmed, tokenOf(direct.accept_url))).toMatchObject({ status: "joined" });
  });

  it("refuses a link used by another address, a renewed or revoked link, an expired one and a made-up one", async () => {
    const first = await inviteToWorkspace(owner, ws, { email: "late@example.com", role: "member" });
    const wrongPerson = await appErrorOf(acceptInvitation(someoneElse, tokenOf(first.accept_url)));
    expect([wrongPerson.status, wrongPerson.message]).toEqual([403, "This invitation is for late@example.com; sign in with that address to accept it"]);

    const renewed = await inviteToWorkspace(owner, ws, { email: "late@example.com", role: "owner" });
    const late = await createUser(db(), { name: "late" });
    await db().query("update auth.users set email = 'late@example.com' where id = $1", [late.id]);
    const lateActor = { ...late, email: "late@example.com" };
    expect((await appErrorOf(acceptInvitation(lateActor, tokenOf(first.accept_url)))).status).toBe(404); // the older link
    expect(await describeInvitation(tokenOf(first.accept_url))).toBeNull();

    const invitation = (await listInvitations(owner, ws)).find((i) => i.email === "late@example.com")!;
    expect(invitation.role).toBe("owner");
    await db().query("update workspace_invitations set expires_at = now() - interval '1 minute' where id = $1", [invitation.id]);
    expect(await describeInvitation(tokenOf(renewed.accept_url))).toMatchObject({ state: "expired" });
    const expired = await appErrorOf(acceptInvitation(lateActor, tokenOf(renewed.accept_url)));
    expect([expired.status, expired.message]).toEqual([409, "This invitation has expired; ask the workspace's owner for a new one"]);

    const again = await inviteToWorkspace(owner, ws, { email: "late@example.com", role: "member" });
    await revokeInvitation(owner, ws, invitation.id);
    expect((await appErrorOf(acceptInvitation(lateActor, tokenOf(again.accept_url)))).status).toBe(404);
    expect((await appErrorOf(acceptInvitation(lateActor, "A".repeat(43)))).status).toBe(404);
    expect((await listWorkspaceMembers(owner, ws)).map((m) => m.email)).not.toContain("late@example.com");
    expect(await auditActions()).toContain("workspace.invitation_revoke");
  });

  it("only owners invite or revoke; members and outsiders cannot, and members already in are named", async () => {
    expect((await appErrorOf(inviteToWorkspace(member, ws, { email: "x@example.com", role: "member" }))).status).toBe(403);
    expect((await appErrorOf(inviteToWorkspace(someoneElse, ws, { email: "x@example.com", role: "member" }))).status).toBe(404);
    const taken = await appErrorOf(inviteToWorkspace(owner, ws, { email: member.email, role: "owner" }));
    expect([taken.status, taken.fields]).toEqual([409, { email: "Already a member" }]);
    const { id } = (await listInvitations(owner, ws))[0];
    expect((await appErrorOf(revokeInvitation(member, ws, id))).status).toBe(403);
    expect((await appErrorOf(revokeInvitation(owner, ws, "not-a-uuid"))).status).toBe(404);
  });

  it("emails the link when email is configured: who invites, where, until when", async () => {
    sendEmailThrough(sink);
    const before = sink.received.length;
    const sent = await inviteToWorkspace(owner, ws, { email: "mailed@example.com", role: "member" });
    expect(sent.emailed).toBe(true);
    expect(sent.accept_url).toMatch(/^https:\/\/autopilot\.example\.com\/invite\//);
    const mail = sink.received.slice(before);
    expect(mail).toHaveLength(1);
    expect(mail[0].to).toMatchObject({ text: "mailed@example.com" });
    expect(mail[0].subject).toBe("Join Sample workspace on Autopilot".replace("Sample workspace", (await db().query<{ name: string }>("select name from workspaces where id = $1", [ws])).rows[0].name));
    expect(mail[0].text).toContain(sent.accept_url);
    expect(mail[0].text).toContain(`${owner.email} invited you`);
  });

  it("caps invitations per workspace and hour with a 429 and Retry-After", async () => {
    const other = (await createStarterWorkspace(db(), owner)).id;
    for (let i = 0; i < 30; i++) await inviteToWorkspace(owner, other, { email: `bulk-${i}@example.com`, role: "member" });
    const refused = await appErrorOf(inviteToWorkspace(owner, other, { email: "one-more@example.com", role: "member" }));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers?.["Retry-After"])).toBeGreaterThan(0);
    expect((await listInvitations(owner, other)).map((i) => i.email)).not.toContain("one-more@example.com");
  });
});

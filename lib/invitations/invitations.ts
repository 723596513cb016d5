import "server-only";
import { hashSecretToken, newSecretToken } from "@/lib/http/secret-token";
import { appUrl, emailSettings } from "@/lib/config";
import { appendAudit } from "@/lib/db/audit-log";
import {
  deleteOpenInvitation,
  findInvitationByTokenHash,
  findRequestedInvitation,
  listOpenInvitations,
  markInvitationAccepted,
  markInvitationEmailed,
  markInvitationRequested,
  upsertInvitation,
  type Invitation,
  type OpenInvitation,
} from "@/lib/db/invitations";
import type { Queryable } from "@/lib/db/database";
import { findUserByEmail } from "@/lib/db/users";
import { countEvent } from "@/lib/db/rate-limits";
import { runAsSystem, runAsUser } from "@/lib/db/run-as";
import { asServer, type Actor } from "@/lib/db/transactions";
import { hasMember, insertMember } from "@/lib/db/workspace-members";
import { sendEmail } from "@/lib/delivery/send-email";
import { AppError, notFound } from "@/lib/errors/app-error";
import type { MemberInput } from "@/lib/validation/workspace";
import { isUuid } from "@/lib/validation/ids";
import { requireWorkspace } from "@/lib/workspaces/workspace-access";
import { WORK_CAPS } from "@/lib/workspaces/work-caps";
import { invitationEmail } from "./invitation-email";

/** How long an invitation's link works. */
export const INVITATION_DAYS = 7;


export interface SentInvitation {
  invitation: Invitation;
  /** The link to accept, for the owner to share when no email was sent. */
  accept_url: string;
  emailed: boolean;
}

/**
 * An owner invites an email address. The answer is the same whether or not the address has an account (the
 * product never looks), and nobody joins until the person with that address accepts.
 */
export async function inviteToWorkspace(actor: Actor, workspaceId: string, input: MemberInput, now = new Date()): Promise<SentInvitation> {
  const token = newSecretToken();
  const { invitation, workspaceName } = await runAsUser(actor, async (tx) => {
    const workspace = await requireWorkspace(tx, actor, workspaceId, "owner");
    if (await hasMember(tx, { workspaceId, email: input.email })) throw new AppError("conflict", `${input.email} is already a member of this workspace`, { email: "Already a member" });
    return asServer(tx, async () => {
      const open = await listOpenInvitations(tx, { workspaceId });
      if (open.length >= WORK_CAPS.openInvitationsPerWorkspace && !open.some((i) => i.email === input.email)) {
        throw new AppError("conflict", `A workspace may have at most ${WORK_CAPS.openInvitationsPerWorkspace} open invitations; revoke some first`);
      }
      const sent = await countEvent(tx, { key: `invitations:${workspaceId}`, windowSeconds: 3600, now });
      if (sent.count > WORK_CAPS.invitationsPerHour) {
        const retryAfter = Math.max(1, Math.ceil((sent.resetAt.getTime() - now.getTime()) / 1000));
        throw new AppError("too_many_attempts", `This workspace sent ${WORK_CAPS.invitationsPerHour} invitations in the last hour; try again in ${Math.ceil(retryAfter / 60)} minutes`, undefined, {
          "Retry-After": String(retryAfter),
        });
      }
      const invitation = await upsertInvitation(tx, {
        workspaceId,
        email: input.email,
        role: input.role,
        tokenHash: hashSecretToken(token),
        invitedBy: actor.id,
        invitedByEmail: actor.email,
        expiresAt: new Date(now.getTime() + INVITATION_DAYS * 86_400_000),
      });
      await appendAudit(tx, {
        workspaceId,
        actorType: "user",
        actorId: actor.id,
        actorEmail: actor.email,
        action: "workspace.invite",
        entityType: "workspace_invitation",
        entityId: invitation.id,
        details: { email: invitation.email, role: invitation.role },
      });
      return { invitation, workspaceName: workspace.name };
    });
  });
  const acceptUrl = `${appUrl()}/invite/${token}`;
  const settings = emailSettings();
  const emailed = settings
    ? (await sendEmail(settings, invitation.email, invitationEmail({ invitation, workspaceName, acceptUrl }))).ok
    : false;
  // Only an emailed link proves, when used, that its user holds the invited mailbox.
  if (emailed) await runAsSystem((tx) => markInvitationEmailed(tx, { id: invitation.id }));
  return { invitation, accept_url: acceptUrl, emailed };
}

export function listInvitations(actor: Actor, workspaceId: string): Promise<OpenInvitation[]> {
  return runAsUser(actor, async (tx) => {
    await requireWorkspace(tx, actor, workspaceId, "read");
    return listOpenInvitations(tx, { workspaceId });
  });
}

export function revokeInvitation(actor: Actor, workspaceId: string, id: string): Promise<void> {
  return runAsUser(actor, async (tx) => {
    await requireWorkspace(tx, actor, workspaceId, "owner");
    await asServer(tx, async () => {
      const revoked = isUuid(id) ? await deleteOpenInvitation(tx, { workspaceId, id }) : null;
      if (!revoked) throw notFound("Invitation");
      await appendAudit(tx, {
        workspaceId,
        actorType: "user",
        actorId: actor.id,
        actorEmail: actor.email,
        action: "workspace.invitation_revoke",
        entityType: "workspace_invitation",
        entityId: id,
        details: { email: revoked.email },
      });
    });
  });
}

export type InvitationState = "open" | "expired" | "accepted";

/** What the link's page shows: whoever holds the link may see whom it invites where. */
export async function describeInvitation(token: string, now = new Date()) {
  const found = await runAsSystem((tx) => findInvitationByTokenHash(tx, hashSecretToken(token)));
  if (!found) return null;
  const state: InvitationState = found.accepted_at ? "accepted" : found.expires_at <= now ? "expired" : "open";
  return { workspace_id: found.workspace_id, workspace_name: found.workspace_name, email: found.email, role: found.role, invited_by_email: found.invited_by_email, expires_at: found.expires_at, state };
}

export type AcceptOutcome = { workspace_id: string; role: string; status: "joined" | "awaiting_approval" };

/**
 * The invited person joins: signed in with the invited address, with a link that is open, and proof that they
 * hold that mailbox: the link was emailed to it, or the account's address is confirmed. Otherwise (a link the
 * owner shared by hand, used by an account whose address nobody confirmed: anyone may register any address)
 * the person asks to join and an owner approves. Accepting twice is harmless; a link that was renewed, revoked
 * or used by someone else is refused with what to do.
 */
export function acceptInvitation(actor: Actor, token: string, now = new Date()): Promise<AcceptOutcome> {
  return runAsUser(actor, (tx) =>
    asServer(tx, async () => {
      const invitation = await findInvitationByTokenHash(tx, hashSecretToken(token), { forUpdate: true });
      if (!invitation) throw new AppError("not_found", "This invitation link is not valid (it may have been renewed or revoked); ask for a new one");
      if (invitation.accepted_at) {
        if (await hasMember(tx, { workspaceId: invitation.workspace_id, userId: actor.id })) return { workspace_id: invitation.workspace_id, role: invitation.role, status: "joined" };
        throw new AppError("conflict", "This invitation has already been used; ask for a new one");
      }
      if (invitation.expires_at <= now) throw new AppError("conflict", "This invitation has expired; ask the workspace's owner for a new one");
      if (invitation.email !== actor.email.toLowerCase()) {
        throw new AppError("forbidden", `This invitation is for ${invitation.email}; sign in with that address to accept it`);
      }
      const proven = invitation.emailed_at !== null || Boolean((await findUserByEmail(tx, actor.email))?.email_verified);
      if (!proven) {
        if (!invitation.requested_at) {
          await markInvitationRequested(tx, { id: invitation.id, userId: actor.id });
          await appendAudit(tx, {
            workspaceId: invitation.workspace_id,
            actorType: "user",
            actorId: actor.id,
            actorEmail: actor.email,
            action: "workspace.join_request",
            entityType: "workspace_invitation",
            entityId: invitation.id,
            details: { email: invitation.email, role: invitation.role },
          });
        }
        return { workspace_id: invitation.workspace_id, role: invitation.role, status: "awaiting_approval" };
      }
      await join(tx, invitation, { userId: actor.id, actorId: actor.id, actorEmail: actor.email });
      return { workspace_id: invitation.workspace_id, role: invitation.role, status: "joined" };
    }),
  );
}

/** Makes the invited account a member and records it: the invitation is used up. */
async function join(tx: Queryable, invitation: Invitation, { userId, actorId, actorEmail, approvedBy }: { userId: string; actorId: string; actorEmail: string; approvedBy?: string }): Promise<void> {
  await insertMember(tx, { workspaceId: invitation.workspace_id, userId, email: invitation.email, role: invitation.role });
  await markInvitationAccepted(tx, { id: invitation.id, userId });
  await appendAudit(tx, {
    workspaceId: invitation.workspace_id,
    actorType: "user",
    actorId,
    actorEmail,
    action: "workspace.member_join",
    entityType: "workspace_member",
    entityId: userId,
    details: { email: invitation.email, role: invitation.role, invited_by: invitation.invited_by_email, ...(approvedBy ? { approved_by: approvedBy } : {}) },
  });
}

/**
 * An owner approves the person who asked to join with a link that proved nothing (after checking with them
 * that it is them): that account becomes a member with the invited role.
 */
export function approveInvitation(actor: Actor, workspaceId: string, id: string, now = new Date()): Promise<{ email: string; role: string }> {
  return runAsUser(actor, async (tx) => {
    await requireWorkspace(tx, actor, workspaceId, "owner");
    return asServer(tx, async () => {
      const invitation = isUuid(id) ? await findRequestedInvitation(tx, { workspaceId, id }) : null;
      if (!invitation) throw notFound("Invitation");
      if (!invitation.requested_by) throw new AppError("conflict", `Nobody has asked to join as ${invitation.email} yet; there is nothing to approve`);
      if (invitation.expires_at <= now) throw new AppError("conflict", "This invitation has expired; invite the person again");
      await join(tx, invitation, { userId: invitation.requested_by, actorId: actor.id, actorEmail: actor.email, approvedBy: actor.email });
      return { email: invitation.email, role: invitation.role };
    });
  });
}

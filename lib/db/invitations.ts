import "server-only";
import type { Queryable } from "./database";
import type { MemberRole } from "./workspace-members";

/** An invitation as its workspace's members see it (never its token). */
export interface Invitation {
  id: string;
  workspace_id: string;
  email: string;
  role: MemberRole;
  invited_by_email: string | null;
  created_at: Date;
  expires_at: Date;
  accepted_at: Date | null;
  /** When the link was emailed to the address (which proves the mailbox of whoever uses it). */
  emailed_at: Date | null;
  /** When an account with the address used a link that was not emailed: it waits for an owner's approval. */
  requested_at: Date | null;
}

const COLUMNS = "id, workspace_id, email, role, invited_by_email, created_at, expires_at, accepted_at, emailed_at, requested_at";

/** An invitation not yet accepted, and whether its link still works. */
export type OpenInvitation = Invitation & { expired: boolean };

/**
 * Opens an invitation, or renews the open one for the same address (new token, new expiry, new role): the
 * older link stops working. Written by the server: people read invitations but never write them.
 */
export async function upsertInvitation(
  tx: Queryable,
  input: { workspaceId: string; email: string; role: MemberRole; tokenHash: string; invitedBy: string; invitedByEmail: string; expiresAt: Date },
): Promise<Invitation> {
  const { rows } = await tx.query<Invitation>(
    `insert into public.workspace_invitations (workspace_id, email, role, token_hash, invited_by, invited_by_email, expires_at)
     values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (workspace_id, email) where accepted_at is null do update
       set role = excluded.role, token_hash = excluded.token_hash, invited_by = excluded.invited_by,
           invited_by_email = excluded.invited_by_email, created_at = now(), expires_at = excluded.expires_at,
           emailed_at = null, requested_by = null, requested_at = null
     returning ${COLUMNS}`,
    [input.workspaceId, input.email, input.role, input.tokenHash, input.invitedBy, input.invitedByEmail, input.expiresAt],
  );
  return rows[0];
}

/** The workspace's invitations not yet accepted, newest first (expired ones too, marked by their date). */
export async function listOpenInvitations(tx: Queryable, { workspaceId }: { workspaceId: string }): Promise<OpenInvitation[]> {
  const { rows } = await tx.query<OpenInvitation>(
    `select ${COLUMNS}, expires_at <= now() as expired from public.workspace_invitations where workspace_id = $1 and accepted_at is null order by created_at desc`,
    [workspaceId],
  );
  return rows;
}

export async function deleteOpenInvitation(tx: Queryable, { workspaceId, id }: { workspaceId: string; id: string }): Promise<Invitation | null> {
  const { rows } = await tx.query<Invitation>(
    `delete from public.workspace_invitations where workspace_id = $1 and id = $2 and accepted_at is null returning ${COLUMNS}`,
    [workspaceId, id],
  );
  return rows[0] ?? null;
}

/** What a link's holder sees before accepting: the invitation and its workspace's name. */
export async function findInvitationByTokenHash(
  tx: Queryable,
  tokenHash: string,
  { forUpdate = false } = {},
): Promise<(Invitation & { workspace_name: string }) | null> {
  const { rows } = await tx.query<Invitation & { workspace_name: string }>(
    `select ${COLUMNS.split(", ").map((c) => `i.${c}`).join(", ")}, w.name as workspace_name
     from public.workspace_invitations i join public.workspaces w on w.id = i.workspace_id
     where i.token_hash = $1 ${forUpdate ? "for update of i" : ""}`,
    [tokenHash],
  );
  return rows[0] ?? null;
}

export async function markInvitationAccepted(tx: Queryable, { id, userId }: { id: string; userId: string }): Promise<void> {
  await tx.query("update public.workspace_invitations set accepted_at = now(), accepted_by = $2 where id = $1", [id, userId]);
}

/** The link went out by email to the invited address. */
export async function markInvitationEmailed(tx: Queryable, { id }: { id: string }): Promise<void> {
  await tx.query("update public.workspace_invitations set emailed_at = now() where id = $1 and accepted_at is null", [id]);
}

/** An account with the invited address used a link that proves nothing: it asks to join, for an owner to approve. */
export async function markInvitationRequested(tx: Queryable, { id, userId }: { id: string; userId: string }): Promise<void> {
  await tx.query("update public.workspace_invitations set requested_by = $2, requested_at = coalesce(requested_at, now()) where id = $1", [id, userId]);
}

/** An invitation that asked for approval, for update: who asked, and whether it still works. */
export async function findRequestedInvitation(
  tx: Queryable,
  { workspaceId, id }: { workspaceId: string; id: string },
): Promise<(Invitation & { requested_by: string | null }) | null> {
  const { rows } = await tx.query<Invitation & { requested_by: string | null }>(
    `select ${COLUMNS}, requested_by from public.workspace_invitations where workspace_id = $1 and id = $2 and accepted_at is null for update`,
    [workspaceId, id],
  );
  return rows[0] ?? null;
}

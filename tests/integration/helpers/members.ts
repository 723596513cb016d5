import type { Actor } from "@/lib/db/transactions";
import { acceptInvitation, approveInvitation, inviteToWorkspace } from "@/lib/invitations/invitations";

/** The token at the end of an invitation's link. */
export const tokenOf = (acceptUrl: string) => acceptUrl.split("/invite/")[1];

/**
 * `person` joins `workspaceId` the product's way: `owner` invites their address and they accept the link; when
 * the link was not emailed (no SMTP in most tests), the owner approves them.
 */
export async function joinWorkspace(owner: Actor, workspaceId: string, person: Actor, role: "member" | "owner" = "member"): Promise<void> {
  const { accept_url, invitation } = await inviteToWorkspace(owner, workspaceId, { email: person.email, role });
  const accepted = await acceptInvitation(person, tokenOf(accept_url));
  if (accepted.status === "awaiting_approval") await approveInvitation(owner, workspaceId, invitation.id);
}

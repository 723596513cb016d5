import type { Actor } from "@/lib/db/transactions";
import { acceptInvitation, inviteToWorkspace } from "@/lib/invitations/invitations";

/** The token at the end of an invitation's link. */
export const tokenOf = (acceptUrl: string) => acceptUrl.split("/invite/")[1];

/** `person` joins `workspaceId` the product's way: `owner` invites their address and they accept the link. */
export async function joinWorkspace(owner: Actor, workspaceId: string, person: Actor, role: "member" | "owner" = "member"): Promise<void> {
  const { accept_url } = await inviteToWorkspace(owner, workspaceId, { email: person.email, role });
  await acceptInvitation(person, tokenOf(accept_url));
}

"use client";

import { InvitationActionButton } from "./invitation-action-button";

export function RevokeInvitationButton({ workspaceId, id, email }: { workspaceId: string; id: string; email: string }) {
  return (
    <InvitationActionButton
      label="Revoke"
      ariaLabel={`Revoke the invitation of ${email}`}
      path={`/api/workspaces/${workspaceId}/invitations/${id}`}
      method="DELETE"
      variant="ghost"
      failure="Could not revoke; try again."
    />
  );
}

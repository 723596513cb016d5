"use client";

import { InvitationActionButton } from "./invitation-action-button";

/** Lets in the person who asked to join with a link that was not emailed to them (the owner checked it is them). */
export function ApproveInvitationButton({ workspaceId, id, email }: { workspaceId: string; id: string; email: string }) {
  return (
    <InvitationActionButton
      label="Approve"
      ariaLabel={`Approve ${email} joining`}
      path={`/api/workspaces/${workspaceId}/invitations/${id}/approve`}
      method="POST"
      variant="secondary"
      failure="Could not approve; try again."
    />
  );
}

"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ApiError, callApi } from "@/lib/http/api-client";

/** Lets in the person who asked to join with a link that was not emailed to them (the owner checked it is them). */
export function ApproveInvitationButton({ workspaceId, id, email }: { workspaceId: string; id: string; email: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="flex items-center gap-2">
      {error && <span role="alert" className="text-xs text-red-700">{error}</span>}
      <Button
        variant="secondary"
        busy={busy}
        aria-label={`Approve ${email} joining`}
        onClick={async () => {
          setBusy(true);
          setError(null);
          try {
            await callApi(`/api/workspaces/${workspaceId}/invitations/${id}/approve`, { method: "POST" });
            router.refresh();
          } catch (err) {
            setError(err instanceof ApiError ? err.message : "Could not approve; try again.");
          } finally {
            setBusy(false);
          }
        }}
      >
        Approve
      </Button>
    </span>
  );
}

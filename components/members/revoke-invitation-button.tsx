"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ApiError, callApi } from "@/lib/http/api-client";

export function RevokeInvitationButton({ workspaceId, id, email }: { workspaceId: string; id: string; email: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="flex items-center gap-2">
      {error && <span role="alert" className="text-xs text-red-700">{error}</span>}
      <Button
        variant="ghost"
        busy={busy}
        aria-label={`Revoke the invitation of ${email}`}
        onClick={async () => {
          setBusy(true);
          setError(null);
          try {
            await callApi(`/api/workspaces/${workspaceId}/invitations/${id}`, { method: "DELETE" });
            router.refresh();
          } catch (err) {
            setError(err instanceof ApiError ? err.message : "Could not revoke; try again.");
          } finally {
            setBusy(false);
          }
        }}
      >
        Revoke
      </Button>
    </span>
  );
}

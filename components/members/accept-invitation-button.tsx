"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ApiError, callApi } from "@/lib/http/api-client";

export function AcceptInvitationButton({ token, workspaceName }: { token: string; workspaceName: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [waiting, setWaiting] = useState(false);
  if (waiting) {
    return (
      <Alert tone="info">
        You asked to join {workspaceName}. This link was not emailed to you, so an owner of the workspace approves first; you will find the workspace in
        your list once they have.
      </Alert>
    );
  }
  return (
    <div className="space-y-3">
      {error && <Alert>{error}</Alert>}
      <Button
        busy={busy}
        onClick={async () => {
          setBusy(true);
          setError(null);
          try {
            const { workspace_id, status } = await callApi<{ workspace_id: string; status: "joined" | "awaiting_approval" }>("/api/invitations/accept", { body: { token } });
            if (status === "awaiting_approval") {
              setWaiting(true);
              return;
            }
            router.push(`/w/${workspace_id}/specifications`);
            router.refresh();
          } catch (err) {
            setError(err instanceof ApiError ? err.message : "Could not accept the invitation; try again.");
            setBusy(false);
          }
        }}
      >
        Join {workspaceName}
      </Button>
    </div>
  );
}

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
  return (
    <div className="space-y-3">
      {error && <Alert>{error}</Alert>}
      <Button
        busy={busy}
        onClick={async () => {
          setBusy(true);
          setError(null);
          try {
            const { workspace_id } = await callApi<{ workspace_id: string }>("/api/invitations/accept", { body: { token } });
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

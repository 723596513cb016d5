"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ApiError, callApi } from "@/lib/http/api-client";

/**
 * How many recipient links open a report, and a button that ends them all after a confirmation that says what
 * stays. Once revoked it says so in place (the page is not reloaded: nothing else on it depends on the links).
 */
export function RevokeLinksButton({ workspaceId, runId, live }: { workspaceId: string; runId: string; live: number }) {
  const [asking, setAsking] = useState(false);
  const [done, setDone] = useState<number | null>(null);
  if (done !== null) return <p role="status" className="text-sm text-slate-700">Revoked {done} link{done === 1 ? "" : "s"}: they now answer “not found”.</p>;
  return (
    <>
      <span>
        {live} recipient link{live === 1 ? "" : "s"} open this report without an account (one per email or chat message).
      </span>
      <Button type="button" variant="secondary" onClick={() => setAsking(true)}>
        Revoke recipients&apos; links
      </Button>
      <ConfirmDialog
        open={asking}
        title={`Revoke ${live} recipient link${live === 1 ? "" : "s"}?`}
        confirmLabel="Revoke links"
        onCancel={() => setAsking(false)}
        onConfirm={async () => {
          try {
            const { revoked } = await callApi<{ revoked: number }>(`/api/workspaces/${workspaceId}/runs/${runId}/links`, { method: "DELETE" });
            setDone(revoked);
          } catch (err) {
            throw new Error(err instanceof ApiError ? err.message : "Could not revoke the links; try again.");
          }
          setAsking(false);
        }}
      >
        Everyone who was emailed or messaged this report loses access through their link. Members still find it here, in Reports.
      </ConfirmDialog>
    </>
  );
}

"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ApiError, callApi } from "@/lib/http/api-client";

export function DeleteSpecificationButton({ workspaceId, id, name }: { workspaceId: string; id: string; name: string }) {
  const router = useRouter();
  const [asking, setAsking] = useState(false);
  return (
    <>
      <Button variant="danger" onClick={() => setAsking(true)}>
        Delete
      </Button>
      <ConfirmDialog
        open={asking}
        title={`Delete “${name}”?`}
        confirmLabel="Delete specification"
        onCancel={() => setAsking(false)}
        onConfirm={async () => {
          try {
            await callApi(`/api/workspaces/${workspaceId}/specifications/${id}`, { method: "DELETE" });
          } catch (err) {
            throw new Error(err instanceof ApiError ? err.message : "Could not delete the specification; try again.");
          }
          setAsking(false);
          router.push(`/w/${workspaceId}/specifications`);
          router.refresh();
        }}
      >
        Its schedules are deleted too; past reports stay in Reports.
      </ConfirmDialog>
    </>
  );
}

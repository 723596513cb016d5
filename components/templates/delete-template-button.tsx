"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ApiError, callApi } from "@/lib/http/api-client";

export function DeleteTemplateButton({ workspaceId, templateId, name }: { workspaceId: string; templateId: string; name: string }) {
  const router = useRouter();
  const [asking, setAsking] = useState(false);
  return (
    <>
      <Button variant="ghost" onClick={() => setAsking(true)}>
        Delete<span className="sr-only"> the template {name}</span>
      </Button>
      <ConfirmDialog
        open={asking}
        title={`Delete the template “${name}”?`}
        confirmLabel="Delete template"
        onCancel={() => setAsking(false)}
        onConfirm={async () => {
          try {
            await callApi(`/api/workspaces/${workspaceId}/templates/${templateId}`, { method: "DELETE" });
          } catch (error) {
            throw new Error(error instanceof ApiError ? error.message : "Could not delete the template; try again.");
          }
          setAsking(false);
          router.refresh();
        }}
      >
        Schedules started from it keep their settings.
      </ConfirmDialog>
    </>
  );
}

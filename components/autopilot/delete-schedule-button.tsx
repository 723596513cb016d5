"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ApiError, callApi } from "@/lib/http/api-client";

/** Delete, after a confirmation dialog that names the schedule and what stays. */
export function DeleteScheduleButton({
  workspaceId,
  scheduleId,
  name,
  disabled,
  onDeleted,
  variant = "danger",
}: {
  workspaceId: string;
  scheduleId: string;
  name: string;
  disabled?: boolean;
  onDeleted: () => void;
  variant?: "danger" | "ghost";
}) {
  const [asking, setAsking] = useState(false);
  return (
    <>
      <Button variant={variant} disabled={disabled} aria-label={`Delete ${name}`} onClick={() => setAsking(true)}>
        Delete
      </Button>
      <ConfirmDialog
        open={asking}
        title={`Delete “${name}”?`}
        confirmLabel="Delete schedule"
        onCancel={() => setAsking(false)}
        onConfirm={async () => {
          try {
            await callApi(`/api/workspaces/${workspaceId}/schedules/${scheduleId}`, { method: "DELETE" });
          } catch (err) {
            throw new Error(err instanceof ApiError ? err.message : "Could not delete the schedule; try again.");
          }
          setAsking(false);
          onDeleted();
        }}
      >
        It stops running at once. Its past runs and reports stay in Reports.
      </ConfirmDialog>
    </>
  );
}

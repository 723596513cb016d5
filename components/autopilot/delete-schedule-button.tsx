"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ApiError, callApi } from "@/lib/http/api-client";

interface Target {
  workspaceId: string;
  scheduleId: string;
  name: string;
  onDeleted: () => void;
}

/** The question before deleting a schedule: names it and what stays. */
export function DeleteScheduleDialog({ open, onClose, workspaceId, scheduleId, name, onDeleted }: Target & { open: boolean; onClose: () => void }) {
  return (
    <ConfirmDialog
      open={open}
      title={`Delete “${name}”?`}
      confirmLabel="Delete schedule"
      onCancel={onClose}
      onConfirm={async () => {
        try {
          await callApi(`/api/workspaces/${workspaceId}/schedules/${scheduleId}`, { method: "DELETE" });
        } catch (err) {
          throw new Error(err instanceof ApiError ? err.message : "Could not delete the schedule; try again.");
        }
        onClose();
        onDeleted();
      }}
    >
      It stops running at once. Its past runs and reports stay in Reports.
    </ConfirmDialog>
  );
}

/** Delete, after a confirmation dialog. */
export function DeleteScheduleButton({ disabled, ...target }: Target & { disabled?: boolean }) {
  const [asking, setAsking] = useState(false);
  return (
    <>
      <Button variant="danger" disabled={disabled} aria-label={`Delete ${target.name}`} onClick={() => setAsking(true)}>
        Delete
      </Button>
      <DeleteScheduleDialog open={asking} onClose={() => setAsking(false)} {...target} />
    </>
  );
}

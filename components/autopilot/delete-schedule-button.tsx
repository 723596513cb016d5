"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ApiError, callApi } from "@/lib/http/api-client";

export function DeleteScheduleButton({
  workspaceId,
  scheduleId,
  name,
  disabled,
  onDeleted,
}: {
  workspaceId: string;
  scheduleId: string;
  name: string;
  disabled?: boolean;
  onDeleted: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        variant="danger"
        busy={busy}
        disabled={disabled}
        aria-label={`Delete ${name}`}
        onClick={async () => {
          if (!window.confirm(`Delete the schedule “${name}”? Its past reports stay in Reports.`)) return;
          setBusy(true);
          try {
            await callApi(`/api/workspaces/${workspaceId}/schedules/${scheduleId}`, { method: "DELETE" });
            onDeleted();
          } catch (err) {
            setError(err instanceof ApiError ? err.message : "Could not delete");
            setBusy(false);
          }
        }}
      >
        Delete
      </Button>
      {error && <span role="alert" className="text-xs text-red-700">{error}</span>}
    </span>
  );
}

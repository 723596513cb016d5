"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ApiError, callApi } from "@/lib/http/api-client";
import { naturalPeriod, type Frequency } from "@/lib/schedule/frequency";

/**
 * The one-click fix for a schedule whose specification's frequency skips its slots: a report period of its
 * own cadence, which puts it outside the specification's one-report-per-period rule.
 */
export function ReportEverySlotButton({
  workspaceId,
  scheduleId,
  name,
  scheduleType,
  onChanged,
}: {
  workspaceId: string;
  scheduleId: string;
  name: string;
  scheduleType: "daily" | "weekly" | "monthly" | "custom";
  onChanged?: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const period: Frequency = naturalPeriod(scheduleType);
  return (
    <span className="inline-flex flex-col items-start gap-1">
      <Button
        type="button"
        variant="secondary"
        busy={busy}
        aria-label={`Report at every slot of ${name} (report period ${period})`}
        onClick={async () => {
          setBusy(true);
          setError(null);
          try {
            await callApi(`/api/workspaces/${workspaceId}/schedules/${scheduleId}`, { method: "PATCH", body: { cadence_override: period } });
            onChanged?.();
          } catch (err) {
            setError(err instanceof ApiError ? err.message : "Could not change it");
          } finally {
            setBusy(false);
          }
        }}
      >
        Report at every slot
      </Button>
      {error && <span role="alert" className="text-xs text-red-700">{error}</span>}
    </span>
  );
}

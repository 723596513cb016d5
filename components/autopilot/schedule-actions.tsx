"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button, buttonClasses } from "@/components/ui/button";
import { ApiError, callApi } from "@/lib/http/api-client";
import { DeleteScheduleButton } from "./delete-schedule-button";
import { EnabledSwitch } from "./enabled-switch";
import { TestRunButton } from "./test-run-button";
import { PauseButton } from "./pause-button";
import type { ScheduleStatus } from "@/lib/autopilot/schedule-status";

export function ScheduleActions({
  workspaceId,
  scheduleId,
  name,
  enabled,
  status,
  zone,
  canManage,
}: {
  workspaceId: string;
  scheduleId: string;
  name: string;
  enabled: boolean;
  status: ScheduleStatus;
  zone: string;
  canManage: boolean;
}) {
  const needsResume = status === "paused" || status === "error";
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div className="flex flex-wrap items-center gap-3">
      {needsResume ? (
        <Button
          busy={busy}
          disabled={!canManage}
          onClick={async () => {
            setBusy(true);
            setError(null);
            try {
              await callApi(`/api/workspaces/${workspaceId}/schedules/${scheduleId}`, { method: "PATCH", body: { status: "active" } });
              router.refresh();
            } catch (err) {
              setError(err instanceof ApiError ? err.message : "Could not resume");
            } finally {
              setBusy(false);
            }
          }}
        >
          Resume
        </Button>
      ) : (
        <EnabledSwitch workspaceId={workspaceId} scheduleId={scheduleId} name={name} enabled={enabled} canManage={canManage} onChange={() => router.refresh()} />
      )}
      {status === "active" && enabled && (
        <PauseButton workspaceId={workspaceId} scheduleId={scheduleId} name={name} zone={zone} disabled={!canManage} onPaused={() => router.refresh()} />
      )}
      {canManage && (
        <Link href={`/w/${workspaceId}/autopilot/${scheduleId}/edit`} className={buttonClasses("secondary")}>
          Edit
        </Link>
      )}
      <TestRunButton workspaceId={workspaceId} scheduleId={scheduleId} name={name} disabled={!canManage} onFinished={() => router.refresh()} />
      <DeleteScheduleButton
        workspaceId={workspaceId}
        scheduleId={scheduleId}
        name={name}
        disabled={!canManage}
        onDeleted={() => {
          router.push(`/w/${workspaceId}/autopilot?${new URLSearchParams({ deleted: name })}`);
          router.refresh();
        }}
      />
      {error && <span role="alert" className="text-sm text-red-700">{error}</span>}
    </div>
  );
}

"use client";

import Link from "next/link";
import { reportPath } from "@/lib/runs/report-path";
import { useEffect, useState } from "react";
import { RunStatusBadge } from "@/components/run-status-badge";
import { LostContact } from "@/components/lost-contact";
import { Button } from "@/components/ui/button";
import { useRunProgress, type RunSummary } from "@/components/use-run-progress";
import { ApiError, callApi } from "@/lib/http/api-client";

/** Runs the schedule now and shows the run's progress (running → success / failed), then offers the report. */
export function TestRunButton({
  workspaceId,
  scheduleId,
  name,
  disabled,
  onFinished,
}: {
  workspaceId: string;
  scheduleId: string;
  name: string;
  disabled?: boolean;
  onFinished?: () => void;
}) {
  const [started, setStarted] = useState<RunSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { run, lostContact, retry } = useRunProgress(workspaceId, started);
  const inProgress = run?.status === "running";
  const finishedRunId = run && !inProgress ? run.id : null;
  useEffect(() => {
    if (finishedRunId) onFinished?.();
    // Only when a run finishes, not when the parent re-creates its callback.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [finishedRunId]);

  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <Button
        variant="secondary"
        busy={busy || (inProgress && !lostContact)}
        disabled={disabled}
        title={disabled ? "Only the schedule's creator or a workspace owner can test-run it" : undefined}
        aria-label={`Test run ${name}`}
        onClick={async () => {
          setBusy(true);
          setError(null);
          try {
            setStarted(await callApi<RunSummary>(`/api/workspaces/${workspaceId}/schedules/${scheduleId}/test-run`, { method: "POST", body: {} }));
          } catch (err) {
            setError(err instanceof ApiError ? err.message : "Could not start the test run");
          } finally {
            setBusy(false);
          }
        }}
      >
        Test run
      </Button>
      {run && lostContact && <LostContact message={lostContact} retry={retry} />}
      {run && !lostContact && (
        <span role="status" aria-live="polite" className="inline-flex items-center gap-2 text-xs">
          <RunStatusBadge status={run.status} />
          {run.status === "failed" && <span className="text-red-700">{run.error}</span>}
          {run.status === "success" && (
            <Link className="font-medium text-brand-700 underline" href={reportPath(workspaceId, run.id)}>
              Open report<span className="sr-only"> of the test run of {name}</span>
            </Link>
          )}
          {run.status === "success" &&
            run.deliveries
              ?.filter((delivery) => delivery.is_test && delivery.kind === "report" && delivery.type === "email")
              .map((delivery) => (
                <span key={delivery.target} className="text-slate-600">
                  emailed only to you ({delivery.target})
                </span>
              ))}
        </span>
      )}
      {error && <span role="alert" className="text-xs text-red-700">{error}</span>}
    </span>
  );
}

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
  offerChannels = false,
}: {
  workspaceId: string;
  scheduleId: string;
  name: string;
  disabled?: boolean;
  onFinished?: () => void;
  /** The schedule has Slack channels or webhooks: offer to post the test there too. */
  offerChannels?: boolean;
}) {
  const [started, setStarted] = useState<RunSummary | null>(null);
  const [channels, setChannels] = useState(false);
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
            setStarted(await callApi<RunSummary>(`/api/workspaces/${workspaceId}/schedules/${scheduleId}/test-run${channels ? "?channels=1" : ""}`, { method: "POST", body: {} }));
          } catch (err) {
            setError(err instanceof ApiError ? err.message : "Could not start the test run");
          } finally {
            setBusy(false);
          }
        }}
      >
        Test run
      </Button>
      {offerChannels && (
        <label className="inline-flex items-center gap-1 text-xs text-slate-700">
          <input type="checkbox" checked={channels} disabled={disabled} onChange={(event) => setChannels(event.target.checked)} />
          also post it to its Slack channels and webhooks, marked [Test]
        </label>
      )}
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
          {run.status === "success" && channels && (run.deliveries?.some((delivery) => delivery.type !== "email") ?? false) && (
            <span className="text-slate-600">and posted to its Slack channels and webhooks</span>
          )}
        </span>
      )}
      {error && <span role="alert" className="text-xs text-red-700">{error}</span>}
    </span>
  );
}

"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { RunStatusBadge } from "@/components/run-status-badge";
import { LostContact } from "./lost-contact";
import { useRunProgress, type RunSummary } from "./use-run-progress";

/** On a page showing an unfinished run: shows its progress, then reloads the page's data when it ends. */
export function RunWatcher({ workspaceId, run: initial }: { workspaceId: string; run: RunSummary }) {
  const router = useRouter();
  const { run, lostContact, retry } = useRunProgress(workspaceId, initial);
  const done = run && run.status !== "running";
  useEffect(() => {
    if (done) router.refresh();
  }, [done, router]);
  if (lostContact) return <LostContact message={lostContact} retry={retry} />;
  return (
    <p role="status" aria-live="polite" className="flex items-center gap-2 text-sm text-slate-700">
      {run && <RunStatusBadge status={run.status} />} The report is being generated; this page updates when it is ready.
    </p>
  );
}

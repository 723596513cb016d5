"use client";

import { useEffect, useState } from "react";
import { callApi } from "@/lib/http/api-client";
import type { RunStatus } from "@/lib/runs/run-status";

export interface RunSummary {
  id: string;
  status: RunStatus;
  error: string | null;
  item_count: number | null;
  has_report?: boolean;
}

/** Polls a run until it leaves running, so the page shows progress without a reload. */
export function useRunProgress(workspaceId: string, initial: RunSummary | null): RunSummary | null {
  const [run, setRun] = useState(initial);
  const [tracked, setTracked] = useState(initial);
  if (initial !== tracked) {
    setTracked(initial);
    setRun(initial);
  }
  useEffect(() => {
    if (!run || (run.status !== "running")) return;
    const timer = setTimeout(async () => {
      try {
        setRun(await callApi<RunSummary>(`/api/workspaces/${workspaceId}/runs/${run.id}`));
      } catch {
        setRun({ ...run }); // try again on the next beat
      }
    }, 700);
    return () => clearTimeout(timer);
  }, [run, workspaceId]);
  return run;
}

"use client";

import { useEffect, useState } from "react";
import { callApi } from "@/lib/http/api-client";

export interface RunSummary {
  id: string;
  status: "queued" | "running" | "success" | "failed" | "skipped";
  error: string | null;
  item_count: number | null;
  has_report?: boolean;
}

/** Polls a run until it leaves queued/running, so the page shows progress without a reload. */
export function useRunProgress(workspaceId: string, initial: RunSummary | null): RunSummary | null {
  const [run, setRun] = useState(initial);
  const [tracked, setTracked] = useState(initial);
  if (initial !== tracked) {
    setTracked(initial);
    setRun(initial);
  }
  useEffect(() => {
    if (!run || (run.status !== "running" && run.status !== "queued")) return;
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

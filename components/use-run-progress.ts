"use client";

import { useCallback, useEffect, useState } from "react";
import { callApi } from "@/lib/http/api-client";
import type { RunStatus } from "@/lib/runs/run-status";

export interface RunSummary {
  id: string;
  status: RunStatus;
  error: string | null;
  item_count: number | null;
  has_report?: boolean;
  /** Where its report goes (a run's page answers them; a test run's is the presser's email only). */
  deliveries?: { kind: string; type: string; target: string; is_test: boolean }[];
}

export interface RunProgress {
  run: RunSummary | null;
  /** Set when polling failed several times in a row: the run's state is unknown here until `retry`. */
  lostContact: string | null;
  retry: () => void;
}

const BEAT_MS = 700;
/** Failed polls in a row (waiting 0.7, 1.4, 2.8, 5.6 s) before the page says it lost contact. */
const MAX_FAILURES = 4;

/**
 * Polls a run until it leaves running, so the page shows progress without a reload. Polling that keeps
 * failing ends with `lostContact` (never an endless "Running"), and `retry` starts it again.
 */
export function useRunProgress(workspaceId: string, initial: RunSummary | null): RunProgress {
  const [run, setRun] = useState(initial);
  const [tracked, setTracked] = useState(initial);
  const [failures, setFailures] = useState(0);
  if (initial !== tracked) {
    setTracked(initial);
    setRun(initial);
    setFailures(0);
  }
  useEffect(() => {
    if (!run || run.status !== "running" || failures >= MAX_FAILURES) return;
    const timer = setTimeout(async () => {
      try {
        setRun(await callApi<RunSummary>(`/api/workspaces/${workspaceId}/runs/${run.id}`));
        setFailures(0);
      } catch {
        setFailures((n) => n + 1);
      }
    }, BEAT_MS * 2 ** failures);
    return () => clearTimeout(timer);
  }, [run, workspaceId, failures]);
  const retry = useCallback(() => setFailures(0), []);
  const lostContact = run?.status === "running" && failures >= MAX_FAILURES ? "Lost contact with the server: this page cannot tell how the run is going." : null;
  return { run, lostContact, retry };
}

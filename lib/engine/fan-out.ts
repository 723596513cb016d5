import "server-only";
import type { TickSummary } from "./run-tick";

/** A worker invocation's answer: its tick's summary, or why it gave none. */
export type WorkerReport = { summary: TickSummary } | { error: string };

/**
 * How many more invocations a cron call should start besides itself: one per AUTOPILOT_SCHEDULES_PER_WORKER
 * due schedules, at most AUTOPILOT_MAX_WORKERS in all. None when one invocation can finish what is due.
 */
export function extraWorkersFor(due: number, { maxWorkers, schedulesPerWorker }: { maxWorkers: number; schedulesPerWorker: number }): number {
  return Math.max(0, Math.min(maxWorkers, Math.ceil(due / schedulesPerWorker)) - 1);
}

/**
 * Starts `count` worker invocations of the app's own cron route, in parallel: on Vercel each is a function
 * instance of its own, claiming from Postgres with SKIP LOCKED like this one, and stopping when nothing is
 * due. Resolves with their answers once they end (each within its own maxDuration).
 */
export function startWorkers(count: number, { baseUrl, secret, timeoutMs }: { baseUrl: string; secret: string; timeoutMs: number }): Promise<WorkerReport[]> {
  return Promise.all(
    Array.from({ length: count }, async (): Promise<WorkerReport> => {
      try {
        const response = await fetch(`${baseUrl}/api/cron/tick?worker=1`, {
          headers: { authorization: `Bearer ${secret}` },
          signal: AbortSignal.timeout(timeoutMs),
        });
        if (!response.ok) return { error: `HTTP ${response.status}` };
        return { summary: (await response.json()) as TickSummary };
      } catch (error) {
        return { error: error instanceof Error ? error.message : String(error) };
      }
    }),
  );
}

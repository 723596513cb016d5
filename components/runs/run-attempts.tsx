import { ZonedTime } from "@/components/time/zoned-time";
import type { RunView } from "@/lib/runs/runs";

/**
 * A slot's attempts, on its one history row: the retry it waits for, and the earlier attempts' errors
 * (the row's own status and error are the latest attempt's).
 */
export function RunAttempts({ run, zone }: { run: Pick<RunView, "attempt" | "attempts" | "retry_at">; zone?: string }) {
  if (run.attempt <= 1 && !run.retry_at) return null;
  return (
    <div className="mt-1 space-y-0.5 text-xs" data-testid="run-attempts">
      {run.attempt > 1 && <p className="text-slate-700">Attempt {run.attempt}</p>}
      {run.retry_at && (
        <p className="text-amber-800">
          Retrying (attempt {run.attempt + 1}) at <ZonedTime value={run.retry_at} scheduleZone={zone} />
        </p>
      )}
      {run.attempts.length > 0 && (
        <ol className="list-inside list-disc text-slate-600" aria-label="Earlier attempts">
          {run.attempts.map((earlier) => (
            <li key={earlier.attempt}>
              Attempt {earlier.attempt} failed{earlier.error ? `: ${earlier.error}` : ""}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

"use client";

import { useEffect, useState } from "react";
import { plainMessage } from "./form-messages";
import { ApiError, callApi } from "@/lib/http/api-client";
import { BatchSlotReports } from "./batch-slot-reports";
import type { SchedulePreview as Preview } from "@/lib/schedule/preview";

/**
 * The cadence in words and its next 5 runs (where it runs and in UTC), updated while the user edits, with the
 * runs the specification's frequency would skip marked and explained before anything is saved.
 */
export function SchedulePreview({
  schedule,
  frequency,
  context,
  onPreview,
  onFieldError,
}: {
  schedule: { schedule_type: string; schedule_config: Record<string, unknown> };
  /** The specification's frequency when no report period override is chosen, else null. */
  frequency: string | null;
  /** The specification (and the schedule being edited): its other schedules and runs are weighed. */
  context?: { workspace_id: string; specification_id: string; schedule_id?: string; cadence_override: string | null; batch_specification_ids?: string[] };
  /** Told each answer (null while there is none), so the form can warn before saving. */
  onPreview?: (preview: Preview | null) => void;
  /** Told which field the timing is wrong in ("time", "cron_expression", …) and why, or null when it is right, so the form shows it at the field. */
  onFieldError?: (error: { field: string; message: string } | null) => void;
}) {
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = JSON.stringify(context?.specification_id ? { ...schedule, ...context } : { ...schedule, frequency });
  useEffect(() => onPreview?.(error ? null : preview), [preview, error, onPreview]);
  const [answeredKey, setAnsweredKey] = useState<string | null>(null);
  const loading = answeredKey !== key;

  useEffect(() => {
    let current = true;
    const timer = setTimeout(async () => {
      try {
        const result = await callApi<Preview>("/api/schedules/preview", { body: { ...JSON.parse(key), count: 5 } });
        if (!current) return;
        setPreview(result);
        setError(null);
        onFieldError?.(null);
      } catch (err) {
        if (!current) return;
        setPreview(null);
        const [field, message] = err instanceof ApiError ? (Object.entries(err.fields)[0] ?? []) : [];
        const name = field?.split(".").pop();
        setError(name && message ? plainMessage(name, message) : err instanceof ApiError ? err.message : "Could not compute the next runs");
        onFieldError?.(name && message ? { field: name, message: plainMessage(name, message) } : null);
      } finally {
        if (current) setAnsweredKey(key);
      }
    }, 300);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [key, onFieldError]);

  return (
    <section aria-labelledby="preview-heading" aria-busy={loading} className="rounded-lg border border-slate-200 bg-slate-50 p-4">
      <h2 id="preview-heading" className="text-sm font-semibold">Preview</h2>
      <div aria-live="polite">
        {error ? (
          <p className="mt-2 text-sm text-red-700">{error}</p>
        ) : !preview ? (
          <div className="mt-2 space-y-2" aria-hidden>
            {Array.from({ length: 6 }, (_, i) => <div key={i} className="h-4 animate-pulse rounded bg-slate-200" />)}
          </div>
        ) : (
          <>
            <p className="mt-1 text-sm" data-testid="schedule-description">{preview.description}</p>
            {preview.effective_cadence && (
              <p className="mt-1 text-sm font-medium text-amber-900" data-testid="effective-cadence">{preview.effective_cadence}</p>
            )}
            {preview.frequency_note && (
              <p className="mt-2 rounded border border-amber-300 bg-amber-50 p-2 text-xs text-amber-900" data-testid="frequency-note">
                {preview.frequency_note}
              </p>
            )}
            <table className="mt-3 w-full text-xs">
              <caption className="sr-only">Next 5 runs</caption>
              <thead className="text-left text-slate-500">
                <tr>
                  <th scope="col" className="py-1 font-medium">Next runs ({preview.timezone})</th>
                  <th scope="col" className="py-1 font-medium">UTC</th>
                </tr>
              </thead>
              <tbody>
                {preview.next_runs.map((run, index) => (
                  <tr key={run} className="border-t border-slate-200" data-testid="preview-run">
                    <td className="py-1">
                      {preview.next_runs_local[index]}
                      {preview.skipped[index] && (
                        <span className="block text-amber-800" data-testid="preview-skipped">
                          Skipped: its period&apos;s report is made by {preview.skipped_by[index] ?? "an earlier run"}
                        </span>
                      )}
                      {preview.reports?.[index] && !preview.skipped[index] && <BatchSlotReports reports={preview.reports[index]} />}
                      {preview.daylight_saving?.[index] && (
                        <span className="block text-amber-800" data-testid="daylight-saving-note">
                          {preview.daylight_saving[index]}
                        </span>
                      )}
                    </td>
                    <td className="py-1 text-slate-600">{run.slice(0, 16).replace("T", " ")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </div>
    </section>
  );
}

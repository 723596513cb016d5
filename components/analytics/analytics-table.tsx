import Link from "next/link";
import { milliseconds, percent } from "@/lib/autopilot/analytics-format";
import type { WorkspaceAnalytics } from "@/lib/autopilot/schedule-analytics";
import { SKIP_REASONS, SKIP_REASON_LABELS } from "@/lib/autopilot/skip-reasons";

/** The same figures per schedule, linking to each. */
export function AnalyticsTable({ workspaceId, analytics }: { workspaceId: string; analytics: WorkspaceAnalytics }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[48rem] text-left text-sm" data-testid="analytics-table">
        <caption className="sr-only">Each schedule over the last {analytics.days} days</caption>
        <thead className="text-xs text-slate-600">
          <tr>
            <th scope="col" className="py-2 pr-3">Schedule</th>
            <th scope="col" className="py-2 pr-3 text-right">Runs</th>
            <th scope="col" className="py-2 pr-3 text-right">Success</th>
            <th scope="col" className="py-2 pr-3 text-right">Delivered</th>
            <th scope="col" className="py-2 pr-3 text-right">Duration (median / p95)</th>
            <th scope="col" className="py-2 pr-3 text-right">Lateness (median / p95)</th>
            <th scope="col" className="py-2">Skipped</th>
          </tr>
        </thead>
        <tbody>
          {analytics.schedules.map((s) => (
            <tr key={s.schedule_id} className="border-t border-slate-200">
              <th scope="row" className="py-2 pr-3 font-medium">
                <Link className="text-brand-700 hover:underline" href={`/w/${workspaceId}/autopilot/${s.schedule_id}`}>{s.schedule_name}</Link>
              </th>
              <td className="py-2 pr-3 text-right tabular-nums">{s.runs}</td>
              <td className="py-2 pr-3 text-right tabular-nums">{percent(s.success_rate)}</td>
              <td className="py-2 pr-3 text-right tabular-nums">{percent(s.delivery_rate)}</td>
              <td className="py-2 pr-3 text-right tabular-nums">{milliseconds(s.median_duration_ms)} / {milliseconds(s.p95_duration_ms)}</td>
              <td className="py-2 pr-3 text-right tabular-nums">{milliseconds(s.median_lateness_ms)} / {milliseconds(s.p95_lateness_ms)}</td>
              <td className="py-2 text-xs text-slate-700">
                {s.skipped === 0 ? "none" : SKIP_REASONS.filter((r) => s.skipped_by[r] > 0).map((r) => `${s.skipped_by[r]} × ${SKIP_REASON_LABELS[r].toLowerCase()}`).join("; ")}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

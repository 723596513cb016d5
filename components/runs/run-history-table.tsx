import Link from "next/link";
import { reportPath } from "@/lib/runs/report-path";
import { RunStatusBadge } from "@/components/run-status-badge";
import { ZonedTime } from "@/components/time/zoned-time";
import type { RunWithDeliveries } from "@/lib/runs/run-deliveries";
import type { RunView } from "@/lib/runs/runs";
import { DeliveryList } from "./delivery-list";
import { RunAttempts } from "./run-attempts";
import { formatDuration, formatUtc } from "@/lib/format-time";
import { RUN_TRIGGER_LABELS } from "@/lib/runs/run-status";

/** Who or what started a run, in the same words on every page. */
export function triggerLabel(run: Pick<RunView, "trigger" | "created_by_email">): string {
  const label = RUN_TRIGGER_LABELS[run.trigger];
  return run.created_by_email ? `${label} by ${run.created_by_email}` : label;
}

const CELL = "block px-1 py-0.5 md:table-cell md:px-2 md:py-2";

/** A cell's column name, shown only where the table is laid out as cards. */
function CellLabel({ children }: { children: string }) {
  return <span className="mr-1 text-xs text-slate-500 md:hidden">{children}:</span>;
}

/**
 * Runs as a table: the workspace's Reports (with the specification and the report's period) and a schedule's
 * execution history (with the slot, in the schedule's zone) are the same table with different columns.
 */
export function RunHistoryTable({
  runs,
  workspaceId,
  slotZone,
  showSpecification = false,
}: {
  runs: (RunView & Partial<Pick<RunWithDeliveries, "deliveries" | "delivery_summary">>)[];
  workspaceId: string;
  /** A schedule's history: show each run's slot in this zone instead of the specification and period. */
  slotZone?: string;
  /** A batch schedule's history: each slot has a run per specification, so each says whose report it is. */
  showSpecification?: boolean;
}) {
  const forSchedule = slotZone !== undefined;
  return (
    <div className="relative md:overflow-x-auto">
      {/* Below the md breakpoint each run is a card: every cell on its own line, with its column's name. */}
      <table className="block min-w-full text-sm md:table">
        <thead className="hidden text-left text-xs uppercase tracking-wide text-slate-600 md:table-header-group">
          <tr>
            <th scope="col" className="px-2 py-2">Status</th>
            {forSchedule ? (
              <th scope="col" className="px-2 py-2">Slot</th>
            ) : (
              <>
                <th scope="col" className="px-2 py-2">Specification</th>
                <th scope="col" className="px-2 py-2">Period</th>
              </>
            )}
            <th scope="col" className="px-2 py-2">Started</th>
            <th scope="col" className="px-2 py-2 text-right">Duration</th>
            <th scope="col" className="px-2 py-2">Started by</th>
            <th scope="col" className="px-2 py-2 text-right">Items</th>
            <th scope="col" className="px-2 py-2"><span className="sr-only">Report</span></th>
          </tr>
        </thead>
        <tbody className="block space-y-3 md:table-row-group md:space-y-0 md:divide-y md:divide-slate-100">
          {runs.map((run) => (
            <tr key={run.id} className="block rounded-md border border-slate-200 p-2 align-top md:table-row md:rounded-none md:border-0 md:p-0">
              <td className={CELL}>
                <RunStatusBadge status={run.status} />
                {run.delivery_summary?.text && (
                  <span
                    className={`ml-1 text-xs ${run.delivery_summary.failed ? "text-red-800" : run.delivery_summary.retrying ? "text-amber-800" : "text-slate-600"}`}
                    data-testid="delivery-summary"
                  >
                    · {run.delivery_summary.text}
                  </span>
                )}
                {run.error && <p className={`mt-1 max-w-xs text-xs ${run.status === "skipped" ? "text-slate-600" : "text-red-800"}`}>{run.error}</p>}
                <RunAttempts run={run} zone={slotZone} />
                {run.deliveries && <DeliveryList deliveries={run.deliveries} />}
              </td>
              {forSchedule ? (
                <td className={CELL}>
                  <CellLabel>Slot</CellLabel>
                  {run.scheduled_for ? <ZonedTime value={run.scheduled_for} scheduleZone={slotZone} /> : "—"}
                  {showSpecification && <span className="block text-xs font-medium text-slate-800" data-testid="run-specification">{run.specification_name}</span>}
                  {run.missed_slots > 0 && <span className="block text-xs text-amber-800">{run.missed_slots} missed slots caught up</span>}
                </td>
              ) : (
                <>
                  <td className={`${CELL} font-medium`}>{run.specification_name}</td>
                  <td className={`${CELL} text-slate-600`}>
                    <CellLabel>Period</CellLabel>
                    {run.cadence} · <ZonedTime value={run.period_start} /> → <ZonedTime value={run.period_end} />
                  </td>
                </>
              )}
              <td className={CELL}>
                <CellLabel>Started</CellLabel>
                <ZonedTime value={run.started_at ?? run.created_at} />
              </td>
              <td className={`${CELL} md:text-right`}>
                <CellLabel>Duration</CellLabel>
                {formatDuration(run.duration_ms)}
                {run.summary_tokens != null && <span className="block text-xs text-slate-500">summary: {run.summary_tokens.toLocaleString("en")} tokens</span>}
              </td>
              <td className={`${CELL} text-slate-600`}>
                <CellLabel>Started by</CellLabel>
                {triggerLabel(run)}
              </td>
              <td className={`${CELL} md:text-right`}>
                <CellLabel>Items</CellLabel>
                {run.item_count ?? "—"}
              </td>
              <td className={`${CELL} md:text-right`}>
                {run.has_report && (
                  <Link className="font-medium text-brand-700 underline" href={reportPath(workspaceId, run.id)}>
                    Open<span className="sr-only"> report of {formatUtc(run.created_at)}</span>
                  </Link>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

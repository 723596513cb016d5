import type { Metadata } from "next";
import Link from "next/link";
import { PageTitle } from "@/components/page-title";
import { RunStatusBadge } from "@/components/run-status-badge";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { inputClasses } from "@/components/ui/field";
import { Pagination } from "@/components/ui/pagination";
import { requirePageActor } from "@/lib/auth/page-actor";
import { formatDuration, formatUtc } from "@/lib/format-time";
import { orNotFound } from "@/lib/http/page-errors";
import { listWorkspaceRuns } from "@/lib/runs/runs";
import { RUN_STATUSES, RUN_TRIGGERS } from "@/lib/runs/run-status";
import { runListQuerySchema } from "@/lib/validation/run";

export const metadata: Metadata = { title: "Reports" };

const PAGE_SIZE = 25;

export default async function ReportsPage({
  params,
  searchParams,
}: {
  params: Promise<{ ws: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { ws } = await params;
  const actor = await requirePageActor();
  const parsed = runListQuerySchema.safeParse({ ...(await searchParams), limit: PAGE_SIZE });
  const query = parsed.success ? parsed.data : runListQuerySchema.parse({ limit: PAGE_SIZE });
  const { items, total } = await orNotFound(listWorkspaceRuns(actor, ws, query));
  const pageLink = (offset: number) => {
    const search = new URLSearchParams();
    if (query.status) search.set("status", query.status);
    if (query.trigger) search.set("trigger", query.trigger);
    search.set("offset", String(offset));
    return `/w/${ws}/reports?${search}`;
  };

  return (
    <>
      <PageTitle
        title="Reports"
        description="Every generated report of this workspace, newest first."
        actions={
          <Link href={`/w/${ws}/reports/generate`} className={buttonClasses("primary")}>
            Generate a report
          </Link>
        }
      />
      <form className="mb-4 flex flex-wrap items-end gap-3" method="get">
        <div>
          <label htmlFor="filter-status" className="block text-xs font-medium text-slate-700">
            Status
          </label>
          <select id="filter-status" name="status" defaultValue={query.status ?? ""} className={inputClasses}>
            <option value="">Any</option>
            {RUN_STATUSES.map((status) => (
              <option key={status} value={status}>
                {status}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="filter-trigger" className="block text-xs font-medium text-slate-700">
            Started by
          </label>
          <select id="filter-trigger" name="trigger" defaultValue={query.trigger ?? ""} className={inputClasses}>
            <option value="">Anyone</option>
            {RUN_TRIGGERS.map((trigger) => (
              <option key={trigger} value={trigger}>
                {trigger}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className={buttonClasses("secondary")}>
          Filter
        </button>
      </form>

      {items.length === 0 ? (
        <Card className="text-center text-sm text-slate-600">
          <p>No reports {query.status || query.trigger ? "match these filters" : "yet"}.</p>
          <Link href={`/w/${ws}/reports/generate`} className={buttonClasses("primary", "mt-4")}>
            Generate the first one
          </Link>
        </Card>
      ) : (
        <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="min-w-full text-sm">
            <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-600">
              <tr>
                <th className="px-3 py-2">Status</th>
                <th className="px-3 py-2">Specification</th>
                <th className="px-3 py-2">Period</th>
                <th className="px-3 py-2 text-right">Items</th>
                <th className="px-3 py-2 text-right">Duration</th>
                <th className="px-3 py-2">Started by</th>
                <th className="px-3 py-2">
                  <span className="sr-only">Open</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {items.map((run) => (
                <tr key={run.id}>
                  <td className="px-3 py-2">
                    <RunStatusBadge status={run.status} />
                    {run.error && <p className="mt-1 max-w-xs truncate text-xs text-red-700" title={run.error}>{run.error}</p>}
                  </td>
                  <td className="px-3 py-2 font-medium">{run.specification_name}</td>
                  <td className="px-3 py-2 text-slate-600">
                    {run.cadence} · {formatUtc(run.period_start)} → {formatUtc(run.period_end)}
                  </td>
                  <td className="px-3 py-2 text-right">{run.item_count ?? "—"}</td>
                  <td className="px-3 py-2 text-right">{formatDuration(run.duration_ms)}</td>
                  <td className="px-3 py-2 text-slate-600">
                    {run.trigger === "manual" ? run.created_by_email : run.trigger === "test" ? "Test run" : "Autopilot"}
                  </td>
                  <td className="px-3 py-2 text-right">
                    <Link className="font-medium text-brand-700 underline" href={`/w/${ws}/reports/${run.id}`}>
                      Open<span className="sr-only"> report of {formatUtc(run.created_at)}</span>
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination label="Pages" offset={query.offset} pageSize={PAGE_SIZE} total={total} href={pageLink} />
    </>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { RunHistoryTable } from "@/components/runs/run-history-table";
import { PageTitle } from "@/components/page-title";
import { buttonClasses } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { inputClasses } from "@/components/ui/field";
import { CursorPagination } from "@/components/ui/cursor-pagination";
import { requirePageActor } from "@/lib/auth/page-actor";
import { orNotFound } from "@/lib/http/page-errors";
import { listWorkspaceRuns } from "@/lib/runs/runs";
import { RUN_STATUSES, RUN_STATUS_LABELS, RUN_TRIGGERS, RUN_TRIGGER_LABELS } from "@/lib/runs/run-status";
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
  // A link that no longer works (an edited address, a cursor from another list) shows the newest reports, and says so.
  const refused = parsed.success ? null : parsed.error.issues[0].message;
  const page = await orNotFound(listWorkspaceRuns(actor, ws, query));
  const { items } = page;
  const pageLink = (cursor: string | null) => {
    const search = new URLSearchParams();
    if (query.status) search.set("status", query.status);
    if (query.trigger) search.set("trigger", query.trigger);
    if (cursor) search.set("cursor", cursor);
    return `/w/${ws}/reports${search.size ? `?${search}` : ""}`;
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
      {refused && (
        <div className="mb-4">
          <Alert tone="info">
            {refused}. Showing the newest reports instead.
          </Alert>
        </div>
      )}
      <form className="mb-4 flex flex-wrap items-end gap-3" method="get">
        <div>
          <label htmlFor="filter-status" className="block text-xs font-medium text-slate-700">
            Status
          </label>
          <select id="filter-status" name="status" defaultValue={query.status ?? ""} className={inputClasses}>
            <option value="">Any</option>
            {RUN_STATUSES.map((status) => (
              <option key={status} value={status}>
                {RUN_STATUS_LABELS[status]}
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
                {RUN_TRIGGER_LABELS[trigger]}
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
        <Card>
          <RunHistoryTable runs={items} workspaceId={ws} />
        </Card>
      )}
      <CursorPagination
        label="Pages"
        shown={items.length}
        total={page.total}
        totalCapped={page.total_capped}
        nextCursor={page.next_cursor}
        previousCursor={page.previous_cursor}
        href={pageLink}
      />
    </>
  );
}

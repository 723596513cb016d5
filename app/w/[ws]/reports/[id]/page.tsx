import type { Metadata } from "next";
import Link from "next/link";
import { PageTitle } from "@/components/page-title";
import { RunStatusBadge } from "@/components/run-status-badge";
import { RunWatcher } from "@/components/run-watcher";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { requirePageActor } from "@/lib/auth/page-actor";
import { formatDuration } from "@/lib/format-time";
import { ZonedTime } from "@/components/time/zoned-time";
import { orNotFound } from "@/lib/http/page-errors";
import { getWorkspaceRun } from "@/lib/runs/runs";
import { countRunLinks } from "@/lib/runs/report-links";
import { RevokeLinksButton } from "@/components/runs/revoke-links-button";

export const metadata: Metadata = { title: "Report" };

export default async function ReportPage({ params }: { params: Promise<{ ws: string; id: string }> }) {
  const { ws, id } = await params;
  const actor = await requirePageActor();
  const run = await orNotFound(getWorkspaceRun(actor, ws, id));
  const liveLinks = await countRunLinks(actor, ws, id);
  const htmlUrl = `/api/workspaces/${ws}/runs/${run.id}/html`;
  const startedBy =
    run.trigger === "manual" ? run.created_by_email : run.trigger === "test" ? "a test run" : "Autopilot";

  return (
    <>
      <PageTitle
        title={run.specification_name}
        description={
          <>
            {run.cadence} report · <ZonedTime value={run.period_start} /> → <ZonedTime value={run.period_end} />
          </>
        }
        actions={
          <>
            <Link href={`/w/${ws}/reports`} className={buttonClasses("ghost")}>
              All reports
            </Link>
            {run.has_report && (
              <a href={`${htmlUrl}?download=1`} className={buttonClasses("primary")}>
                Download HTML
              </a>
            )}
          </>
        }
      />
      <Card className="mb-4">
        <dl className="grid gap-3 text-sm sm:grid-cols-3 lg:grid-cols-6">
          <div>
            <dt className="text-xs text-slate-500">Status</dt>
            <dd>
              <RunStatusBadge status={run.status} />
            </dd>
          </div>
          <div>
            <dt className="text-xs text-slate-500">Started by</dt>
            <dd>{startedBy}</dd>
          </div>
          <div>
            <dt className="text-xs text-slate-500">Started</dt>
            <dd>
              <ZonedTime value={run.started_at ?? run.created_at} />
            </dd>
          </div>
          <div>
            <dt className="text-xs text-slate-500">Duration</dt>
            <dd>{formatDuration(run.duration_ms)}</dd>
          </div>
          <div>
            <dt className="text-xs text-slate-500">Items</dt>
            <dd>{run.item_count ?? "—"}</dd>
          </div>
          {run.summary_tokens != null && (
            <div>
              <dt className="text-xs text-slate-500">Editor&apos;s summary</dt>
              <dd>
                {run.summary_note ? "unavailable" : "written"} · {run.summary_tokens.toLocaleString("en")} tokens · {formatDuration(run.summary_ms ?? null)}
              </dd>
            </div>
          )}
          <div>
            <dt className="text-xs text-slate-500">Selection</dt>
            <dd>
              {run.categories.length} categories · {run.regions.length} regions
            </dd>
          </div>
        </dl>
        {run.error && (
          <div className="mt-3">
            <Alert>The report could not be generated: {run.error}</Alert>
          </div>
        )}
        {run.notes.length > 0 && (
          <ul className="mt-3 list-disc space-y-1 pl-5 text-sm text-amber-900">
            {run.notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        )}
        {liveLinks > 0 && (
          <div className="mt-3 flex flex-wrap items-center gap-3 text-sm text-slate-700" data-testid="recipient-links">
            <RevokeLinksButton workspaceId={ws} runId={run.id} live={liveLinks} />
          </div>
        )}
        {(run.status === "running") && (
          <div className="mt-3">
            <RunWatcher workspaceId={ws} run={run} />
          </div>
        )}
      </Card>
      {run.has_report && (
        <iframe
          title={`Report: ${run.specification_name}`}
          src={htmlUrl}
          sandbox=""
          className="h-[75vh] w-full rounded-lg border border-slate-200 bg-white"
        />
      )}
    </>
  );
}

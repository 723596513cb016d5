import type { Metadata } from "next";
import Link from "next/link";
import { ScheduleTable } from "@/components/autopilot/schedule-table";
import { PageTitle } from "@/components/page-title";
import { buttonClasses } from "@/components/ui/button";
import { requirePageActor } from "@/lib/auth/page-actor";
import { orNotFound } from "@/lib/http/page-errors";
import { listSpecifications } from "@/lib/specifications/specifications";
import { listStateFromSearch } from "@/lib/autopilot/schedule-list-state";
import { getSummaryUsage } from "@/lib/summary/summary-usage";

export const metadata: Metadata = { title: "Autopilot" };

export default async function AutopilotPage({
  params,
  searchParams,
}: {
  params: Promise<{ ws: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { ws } = await params;
  const search = await searchParams;
  const initial = listStateFromSearch(search);
  const notice = search.deleted ? `Deleted “${search.deleted.slice(0, 255)}”. Its past reports stay in Reports.` : null;
  const actor = await requirePageActor();
  const specifications = await orNotFound(listSpecifications(actor, ws));
  const summaryUsage = await getSummaryUsage(actor, ws);
  return (
    <>
      <PageTitle
        title="Autopilot"
        description="Schedules that generate reports for you, with every category and region selected unless you choose otherwise."
        actions={
          <div className="flex flex-wrap gap-2">
            <Link href={`/w/${ws}/autopilot/calendar`} className={buttonClasses("secondary")}>
              Calendar
            </Link>
            <Link href={`/w/${ws}/autopilot/analytics`} className={buttonClasses("secondary")}>
              Analytics
            </Link>
            <Link href={`/w/${ws}/autopilot/defaults`} className={buttonClasses("secondary")}>
              Defaults
            </Link>
            <Link href={`/w/${ws}/autopilot/code`} className={buttonClasses("secondary")}>
              As code
            </Link>
            <Link href={`/w/${ws}/autopilot/new`} className={buttonClasses("primary")}>
              New schedule
            </Link>
          </div>
        }
      />
      {summaryUsage && (
        <p className="mb-3 text-xs text-slate-600">
          Editor&apos;s summaries this month ({summaryUsage.month}, UTC): {summaryUsage.tokens.toLocaleString("en")} of {summaryUsage.budget.toLocaleString("en")} tokens.
        </p>
      )}
      <ScheduleTable workspaceId={ws} specifications={specifications.map((s) => ({ id: s.id, name: s.name }))} initial={initial} notice={notice} />
    </>
  );
}

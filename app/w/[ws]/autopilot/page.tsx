import type { Metadata } from "next";
import Link from "next/link";
import { ScheduleTable } from "@/components/autopilot/schedule-table";
import { PageTitle } from "@/components/page-title";
import { buttonClasses } from "@/components/ui/button";
import { requirePageActor } from "@/lib/auth/page-actor";
import { orNotFound } from "@/lib/http/page-errors";
import { listSpecifications } from "@/lib/specifications/specifications";
import { listStateFromSearch } from "@/lib/autopilot/schedule-list-state";

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
  return (
    <>
      <PageTitle
        title="Autopilot"
        description="Schedules that generate reports for you, with every category and region selected unless you choose otherwise."
        actions={
          <div className="flex gap-2">
            <Link href={`/w/${ws}/autopilot/defaults`} className={buttonClasses("secondary")}>
              Defaults
            </Link>
            <Link href={`/w/${ws}/autopilot/new`} className={buttonClasses("primary")}>
              New schedule
            </Link>
          </div>
        }
      />
      <ScheduleTable workspaceId={ws} specifications={specifications.map((s) => ({ id: s.id, name: s.name }))} initial={initial} notice={notice} />
    </>
  );
}

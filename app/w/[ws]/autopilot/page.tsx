import type { Metadata } from "next";
import Link from "next/link";
import { ScheduleTable } from "@/components/autopilot/schedule-table";
import { PageTitle } from "@/components/page-title";
import { buttonClasses } from "@/components/ui/button";
import { requirePageActor } from "@/lib/auth/page-actor";
import { orNotFound } from "@/lib/http/page-errors";
import { listSpecifications } from "@/lib/specifications/specifications";

export const metadata: Metadata = { title: "Autopilot" };

export default async function AutopilotPage({ params }: { params: Promise<{ ws: string }> }) {
  const { ws } = await params;
  const actor = await requirePageActor();
  const specifications = await orNotFound(listSpecifications(actor, ws));
  return (
    <>
      <PageTitle
        title="Autopilot"
        description="Schedules that generate reports for you, with every category and region selected unless you choose otherwise."
        actions={
          <Link href={`/w/${ws}/autopilot/new`} className={buttonClasses("primary")}>
            New schedule
          </Link>
        }
      />
      <ScheduleTable workspaceId={ws} specifications={specifications.map((s) => ({ id: s.id, name: s.name }))} />
    </>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { ScheduleCalendarView } from "@/components/autopilot/schedule-calendar-view";
import { PageTitle } from "@/components/page-title";
import { buttonClasses } from "@/components/ui/button";
import { getScheduleCalendar } from "@/lib/autopilot/schedule-calendar";
import { requirePageActor } from "@/lib/auth/page-actor";
import { orNotFound } from "@/lib/http/page-errors";

export const metadata: Metadata = { title: "Calendar" };

export default async function CalendarPage({ params }: { params: Promise<{ ws: string }> }) {
  const { ws } = await params;
  const actor = await requirePageActor();
  const calendar = await orNotFound(getScheduleCalendar(actor, ws));
  return (
    <>
      <PageTitle
        title="Calendar"
        description="Every run of the next 30 days across this workspace's schedules, as it will happen: skips by the specification's frequency, pauses and end dates included."
        actions={
          <Link href={`/w/${ws}/autopilot`} className={buttonClasses("secondary")}>
            All schedules
          </Link>
        }
      />
      <ScheduleCalendarView workspaceId={ws} calendar={calendar} />
    </>
  );
}

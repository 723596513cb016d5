import type { Metadata } from "next";
import Link from "next/link";
import { SchedulesAsCodePanel } from "@/components/autopilot/schedules-as-code-panel";
import { PageTitle } from "@/components/page-title";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "Schedules as code" };

export default async function SchedulesAsCodePage({ params }: { params: Promise<{ ws: string }> }) {
  const { ws } = await params;
  // The workspace's layout has checked membership; the API checks each action.
  return (
    <>
      <PageTitle
        title="Schedules as code"
        description="Keep this workspace's schedules in a file: review changes, copy them to another workspace, restore them."
        actions={
          <Link href={`/w/${ws}/autopilot`} className={buttonClasses("secondary")}>
            All schedules
          </Link>
        }
      />
      <Card>
        <SchedulesAsCodePanel workspaceId={ws} />
      </Card>
    </>
  );
}

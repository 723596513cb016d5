import type { Metadata } from "next";
import { ScheduleEditor } from "@/components/autopilot/schedule-editor";
import { PageTitle } from "@/components/page-title";
import { Card } from "@/components/ui/card";
import { editorSpecification } from "@/lib/autopilot/editor-data";
import { requirePageActor } from "@/lib/auth/page-actor";
import { autopilotSettings, emailSettings } from "@/lib/config";
import { orNotFound } from "@/lib/http/page-errors";
import { listSpecifications } from "@/lib/specifications/specifications";

export const metadata: Metadata = { title: "New schedule" };

export default async function NewSchedulePage({ params }: { params: Promise<{ ws: string }> }) {
  const { ws } = await params;
  const actor = await requirePageActor();
  const specifications = (await orNotFound(listSpecifications(actor, ws))).filter((s) => s.status === "active");
  return (
    <>
      <PageTitle title="New schedule" description="Everything is selected by default; the preview shows when it will run." />
      <Card>
        <ScheduleEditor workspaceId={ws} specifications={specifications.map(editorSpecification)} emailConfigured={emailSettings() !== null} deploymentTimeoutSeconds={autopilotSettings().runTimeoutSeconds} />
      </Card>
    </>
  );
}

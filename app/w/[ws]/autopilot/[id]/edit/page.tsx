import type { Metadata } from "next";
import { ScheduleEditor } from "@/components/autopilot/schedule-editor";
import { PageTitle } from "@/components/page-title";
import { Card } from "@/components/ui/card";
import { editorSpecification, editorValues } from "@/lib/autopilot/editor-data";
import { getScheduleView } from "@/lib/autopilot/schedules";
import { requirePageActor } from "@/lib/auth/page-actor";
import { autopilotSettings, emailSettings, summarySettings } from "@/lib/config";
import { orNotFound } from "@/lib/http/page-errors";
import { listSpecifications } from "@/lib/specifications/specifications";

export const metadata: Metadata = { title: "Edit schedule" };

export default async function EditSchedulePage({ params }: { params: Promise<{ ws: string; id: string }> }) {
  const { ws, id } = await params;
  const actor = await requirePageActor();
  const schedule = await orNotFound(getScheduleView(actor, ws, id));
  const specifications = (await listSpecifications(actor, ws)).filter((s) => s.status === "active" || s.id === schedule.specification_id);
  return (
    <>
      <PageTitle title={`Edit “${schedule.schedule_name}”`} description={schedule.can_manage ? undefined : "Only its creator or a workspace owner can save changes."} />
      <Card>
        <ScheduleEditor
          workspaceId={ws}
          scheduleId={schedule.id}
          specifications={specifications.map(editorSpecification)}
          initial={editorValues(schedule, specifications.find((s) => s.id === schedule.specification_id), schedule.destinations ?? [])}
          emailConfigured={emailSettings() !== null}
          summaryConfigured={summarySettings() !== null} deploymentTimeoutSeconds={autopilotSettings().runTimeoutSeconds}
        />
      </Card>
    </>
  );
}

import type { Metadata } from "next";
import { ScheduleEditor } from "@/components/autopilot/schedule-editor";
import { PageTitle } from "@/components/page-title";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { editorSpecification, editorValues } from "@/lib/autopilot/editor-data";
import { getScheduleView, listScheduleChoices } from "@/lib/autopilot/schedules";
import { requirePageActor } from "@/lib/auth/page-actor";
import { autopilotSettings, emailSettings, summarySettings } from "@/lib/config";
import { orNotFound } from "@/lib/http/page-errors";
import { listSpecifications } from "@/lib/specifications/specifications";

export const metadata: Metadata = { title: "Edit schedule" };

export default async function EditSchedulePage({
  params,
  searchParams,
}: {
  params: Promise<{ ws: string; id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { ws, id } = await params;
  const search = await searchParams;
  const copiedFrom = typeof search.copied_from === "string" ? search.copied_from.slice(0, 255) : null;
  const leftOut = ([] as string[]).concat(search.left_out ?? []).slice(0, 10);
  const actor = await requirePageActor();
  const schedule = await orNotFound(getScheduleView(actor, ws, id));
  // Active ones, and the ones it already reports on (a deactivated one stays listed, so it can be unchecked).
  const specifications = (await listSpecifications(actor, ws)).filter(
    (s) => s.status === "active" || s.id === schedule.specification_id || schedule.batch_specification_ids.includes(s.id),
  );
  return (
    <>
      <PageTitle title={`Edit “${schedule.schedule_name}”`} description={schedule.can_manage ? undefined : "Only its creator or a workspace owner can save changes."} />
      {copiedFrom && (
        <div className="mb-4">
          <Alert tone="info">
            A copy of “{copiedFrom}”, without its history. It stays off until you save it here.
            {leftOut.length > 0 && ` Not copied (only the original's creator or an owner can reuse their URLs): ${leftOut.join(", ")}.`}
          </Alert>
        </div>
      )}
      <Card>
        <ScheduleEditor
          workspaceId={ws}
          scheduleId={schedule.id}
          specifications={specifications.map(editorSpecification)}
          initial={editorValues(schedule, specifications.find((s) => s.id === schedule.specification_id), schedule.destinations ?? [])}
          emailConfigured={emailSettings() !== null}
          summaryConfigured={summarySettings() !== null} deploymentTimeoutSeconds={autopilotSettings().runTimeoutSeconds}
          enableOnSave={copiedFrom !== null && !schedule.enabled}
          upstreamChoices={await listScheduleChoices(actor, ws)}
        />
      </Card>
    </>
  );
}

import type { Metadata } from "next";
import { ScheduleEditor } from "@/components/autopilot/schedule-editor";
import { PageTitle } from "@/components/page-title";
import { Card } from "@/components/ui/card";
import { editorSpecification } from "@/lib/autopilot/editor-data";
import { requirePageActor } from "@/lib/auth/page-actor";
import { autopilotSettings, emailSettings, summarySettings } from "@/lib/config";
import { orNotFound } from "@/lib/http/page-errors";
import { listSpecifications } from "@/lib/specifications/specifications";
import { getScheduleDefaults } from "@/lib/autopilot/schedule-defaults";
import { policyValuesOf } from "@/lib/autopilot/policy-form";

export const metadata: Metadata = { title: "New schedule" };

export default async function NewSchedulePage({ params, searchParams }: { params: Promise<{ ws: string }>; searchParams: Promise<{ specification_id?: string }> }) {
  const { ws } = await params;
  const { specification_id: chosen } = await searchParams;
  const actor = await requirePageActor();
  // The specification the address names (a "Schedule it" link) comes first, so the editor starts with it.
  const specifications = (await orNotFound(listSpecifications(actor, ws)))
    .filter((s) => s.status === "active")
    .sort((a, b) => Number(b.id === chosen) - Number(a.id === chosen));
  const defaults = await getScheduleDefaults(actor, ws);
  return (
    <>
      <PageTitle title="New schedule" description="Everything is selected by default, with the workspace's default policies; the preview shows when it will run." />
      <Card>
        <ScheduleEditor
          workspaceId={ws}
          specifications={specifications.map(editorSpecification)}
          emailConfigured={emailSettings() !== null}
          summaryConfigured={summarySettings() !== null}
          deploymentTimeoutSeconds={autopilotSettings().runTimeoutSeconds}
          policyDefaults={policyValuesOf({ ...defaults, starts_at: null, ends_at: null }, "UTC")}
        />
      </Card>
    </>
  );
}

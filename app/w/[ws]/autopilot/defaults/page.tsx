import type { Metadata } from "next";
import { ScheduleDefaultsForm } from "@/components/autopilot/schedule-defaults-form";
import { PageTitle } from "@/components/page-title";
import { Card } from "@/components/ui/card";
import { policyValuesOf } from "@/lib/autopilot/policy-form";
import { loadScheduleDefaultsPage } from "@/lib/autopilot/schedule-defaults";
import { requirePageActor } from "@/lib/auth/page-actor";
import { autopilotSettings } from "@/lib/config";
import { orNotFound } from "@/lib/http/page-errors";

export const metadata: Metadata = { title: "Schedule defaults" };

export default async function ScheduleDefaultsPage({ params }: { params: Promise<{ ws: string }> }) {
  const { ws } = await params;
  const actor = await requirePageActor();
  const { defaults, canChange } = await orNotFound(loadScheduleDefaultsPage(actor, ws));
  return (
    <>
      <PageTitle title="Defaults for new schedules" description="The policies each new schedule of this workspace starts with; each schedule can change its own in its editor." />
      <Card>
        <ScheduleDefaultsForm
          workspaceId={ws}
          initial={policyValuesOf({ ...defaults, starts_at: null, ends_at: null }, "UTC")}
          canChange={canChange}
          deploymentTimeoutSeconds={autopilotSettings().runTimeoutSeconds}
        />
      </Card>
    </>
  );
}

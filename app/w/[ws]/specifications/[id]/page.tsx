import type { Metadata } from "next";
import { ZonedTime } from "@/components/time/zoned-time";
import { DeleteSpecificationButton } from "@/components/delete-specification-button";
import { PageTitle } from "@/components/page-title";
import { SpecificationForm } from "@/components/specification-form";
import { Card } from "@/components/ui/card";
import { listSchedulesOnSpecification } from "@/lib/autopilot/schedules";
import { requirePageActor } from "@/lib/auth/page-actor";
import { orNotFound } from "@/lib/http/page-errors";
import { getSpecification } from "@/lib/specifications/specifications";

export const metadata: Metadata = { title: "Edit specification" };

export default async function SpecificationPage({ params }: { params: Promise<{ ws: string; id: string }> }) {
  const { ws, id } = await params;
  const actor = await requirePageActor();
  const spec = await orNotFound(getSpecification(actor, ws, id));
  const schedules = await listSchedulesOnSpecification(actor, ws, id);
  return (
    <>
      <PageTitle
        title={spec.name}
        description={
          <>
            Last changed <ZonedTime value={spec.updated_at} />
          </>
        }
        actions={<DeleteSpecificationButton workspaceId={ws} id={spec.id} name={spec.name} />}
      />
      <Card>
        <SpecificationForm
          workspaceId={ws}
          specificationId={spec.id}
          schedules={schedules.map((s) => ({ id: s.id, name: s.schedule_name }))}
          initial={{
            name: spec.name,
            description: spec.description,
            categories: spec.categories,
            regions: spec.regions,
            frequency: spec.frequency,
            status: spec.status,
            feeds: spec.feeds,
          }}
        />
      </Card>
    </>
  );
}

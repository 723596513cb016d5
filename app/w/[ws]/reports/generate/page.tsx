import type { Metadata } from "next";
import { GenerateForm } from "@/components/generate-form";
import { PageTitle } from "@/components/page-title";
import { Card } from "@/components/ui/card";
import { requirePageActor } from "@/lib/auth/page-actor";
import { orNotFound } from "@/lib/http/page-errors";
import { listSpecifications } from "@/lib/specifications/specifications";

export const metadata: Metadata = { title: "Generate a report" };

export default async function GeneratePage({ params }: { params: Promise<{ ws: string }> }) {
  const { ws } = await params;
  const actor = await requirePageActor();
  const specifications = (await orNotFound(listSpecifications(actor, ws))).filter((s) => s.status === "active");
  return (
    <>
      <PageTitle title="Generate a report" description="Everything is selected; untick what you want to leave out." />
      <Card>
        <GenerateForm
          workspaceId={ws}
          specifications={specifications.map((s) => ({
            id: s.id,
            name: s.name,
            frequency: s.frequency,
            categories: s.categories.map((c) => ({ id: c.id, name: c.name })),
            regions: s.regions,
          }))}
        />
      </Card>
    </>
  );
}

import type { Metadata } from "next";
import { PageTitle } from "@/components/page-title";
import { SpecificationForm } from "@/components/specification-form";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "New specification" };

export default async function NewSpecificationPage({ params }: { params: Promise<{ ws: string }> }) {
  const { ws } = await params;
  return (
    <>
      <PageTitle title="New specification" />
      <Card>
        <SpecificationForm workspaceId={ws} />
      </Card>
    </>
  );
}

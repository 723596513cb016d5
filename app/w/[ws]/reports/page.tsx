import type { Metadata } from "next";
import { PageTitle } from "@/components/page-title";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "Reports" };

export default function ReportsPage() {
  return (
    <>
      <PageTitle title="Reports" description="Every generated report of this workspace, newest first." />
      <Card className="text-center text-sm text-slate-600">
        No reports yet. Report generation is not available in this version of Autopilot.
      </Card>
    </>
  );
}

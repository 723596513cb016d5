import type { Metadata } from "next";
import { PageTitle } from "@/components/page-title";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "Autopilot" };

export default function AutopilotPage() {
  return (
    <>
      <PageTitle title="Autopilot" description="Schedules that generate reports for you." />
      <Card className="text-center text-sm text-slate-600">
        No schedules yet. Scheduling is not available in this version of Autopilot.
      </Card>
    </>
  );
}

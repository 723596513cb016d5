import type { Metadata } from "next";
import Link from "next/link";
import { PageTitle } from "@/components/page-title";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { requirePageActor } from "@/lib/auth/page-actor";
import { orNotFound } from "@/lib/http/page-errors";
import { listSpecifications } from "@/lib/specifications/specifications";
import { countWorkspaceSchedules } from "@/lib/autopilot/schedules";

export const metadata: Metadata = { title: "Specifications" };

export default async function SpecificationsPage({ params }: { params: Promise<{ ws: string }> }) {
  const { ws } = await params;
  const actor = await requirePageActor();
  const specifications = await orNotFound(listSpecifications(actor, ws));
  const firstActive = specifications.find((spec) => spec.status === "active");
  const guide = firstActive && (await countWorkspaceSchedules(actor, ws)) === 0;
  return (
    <>
      <PageTitle
        title="Specifications"
        description="What each report covers: its categories, regions and how often it may be generated."
        actions={
          <Link href={`/w/${ws}/specifications/new`} className={buttonClasses("primary")}>
            New specification
          </Link>
        }
      />
      {guide && (
        <section className="mb-6" data-testid="first-report-guide" aria-labelledby="first-report-heading">
        <Card>
          <h2 id="first-report-heading" className="text-base font-semibold">Get your first report in two minutes</h2>
          <ol className="mt-2 list-decimal space-y-2 pl-5 text-sm text-slate-700">
            <li>
              The sample specification “{firstActive.name}” is ready: {firstActive.categories.length} categories × {firstActive.regions.length} regions, with sample
              items to show the layout (your feeds or imported items replace them).{" "}
              <Link className="font-medium text-brand-700 underline" href={`/w/${ws}/specifications/${firstActive.id}`}>
                Review it
              </Link>
            </li>
            <li>
              Schedule it: Autopilot makes the report at your time, in your time zone, with everything selected, and emails it if you add recipients.
              <span className="mt-2 block">
                <Link href={`/w/${ws}/autopilot/new?specification_id=${firstActive.id}`} className={buttonClasses("primary")}>
                  Schedule it
                </Link>
              </span>
            </li>
            <li>On the schedule&apos;s page, press <strong>Test run</strong> to read the report now (and get it by email), without waiting for its first slot.</li>
          </ol>
        </Card>
        </section>
      )}
      {specifications.length === 0 ? (
        <Card className="text-center">
          <p className="text-slate-700">No specifications yet.</p>
          <Link href={`/w/${ws}/specifications/new`} className={buttonClasses("primary", "mt-4")}>
            Create the first one
          </Link>
        </Card>
      ) : (
        <ul className="grid gap-3 md:grid-cols-2">
          {specifications.map((spec) => (
            <li key={spec.id}>
              <Link
                href={`/w/${ws}/specifications/${spec.id}`}
                className="block rounded-lg border border-slate-200 bg-white p-4 shadow-sm hover:border-brand-600"
              >
                <div className="flex items-start justify-between gap-2">
                  <h2 className="font-semibold">{spec.name}</h2>
                  <span
                    className={`rounded-full px-2 py-0.5 text-xs font-medium ${
                      spec.status === "active" ? "bg-emerald-100 text-emerald-800" : "bg-slate-200 text-slate-700"
                    }`}
                  >
                    {spec.status === "active" ? "Active" : "Inactive"}
                  </span>
                </div>
                {spec.description && <p className="mt-1 line-clamp-2 text-sm text-slate-600">{spec.description}</p>}
                <p className="mt-3 text-xs text-slate-500">
                  {spec.categories.length} categories · {spec.regions.length} regions · {spec.frequency}
                </p>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

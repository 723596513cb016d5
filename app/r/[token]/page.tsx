import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ZonedTime } from "@/components/time/zoned-time";
import { openSharedReport } from "@/lib/runs/report-links";
import { reportHeading } from "@/lib/runs/report-period-label";

// The token is in the address: it must not travel on to the sites the report links to, nor be indexed.
export const metadata: Metadata = { title: "Report", referrer: "no-referrer", robots: { index: false, follow: false } };

/** A recipient's link: that one report, read-only, no account needed; the same sandbox as the app's viewer. */
export default async function SharedReportPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const shared = await openSharedReport(token);
  if (!shared) notFound();
  const heading = reportHeading(shared);
  return (
    <>
      <main className="mx-auto max-w-5xl px-4 py-6">
        <header className="mb-4">
          <p className="text-sm text-slate-600">✈ Autopilot report</p>
          <h1 className="text-2xl font-semibold">{shared.specification_name}</h1>
          <p className="text-sm text-slate-600">
            {heading}
            {shared.finished_at && (
              <>
                {" "}
                · made <ZonedTime value={shared.finished_at} />
              </>
            )}
          </p>
        </header>
        <iframe
          title={`Report: ${shared.specification_name}`}
          src={`/api/shared-reports/${token}`}
          sandbox=""
          className="h-[80vh] w-full rounded-lg border border-slate-200 bg-white"
        />
        <p className="mt-3 text-xs text-slate-500">This link was sent to you with the report. Whoever owns the report can revoke it.</p>
      </main>
    </>
  );
}

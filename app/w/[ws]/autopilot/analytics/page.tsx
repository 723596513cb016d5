import type { Metadata } from "next";
import Link from "next/link";
import { AnalyticsCharts } from "@/components/analytics/analytics-charts";
import { AnalyticsTable } from "@/components/analytics/analytics-table";
import { PageTitle } from "@/components/page-title";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { inputClasses } from "@/components/ui/field";
import { milliseconds, percent } from "@/lib/autopilot/analytics-format";
import { getScheduleAnalytics } from "@/lib/autopilot/schedule-analytics";
import { listScheduleChoices } from "@/lib/autopilot/schedules";
import { requirePageActor } from "@/lib/auth/page-actor";
import { orNotFound } from "@/lib/http/page-errors";
import { ANALYTICS_WINDOWS, analyticsQuerySchema } from "@/lib/validation/analytics";

export const metadata: Metadata = { title: "Analytics" };

function Tile({ label, value, detail }: { label: string; value: string; detail: string }) {
  return (
    <div className="rounded-md border border-slate-200 bg-white p-3" data-testid="analytics-tile">
      <p className="text-xs font-medium text-slate-600">{label}</p>
      <p className="text-xl font-semibold tabular-nums text-slate-900">{value}</p>
      <p className="text-xs text-slate-600">{detail}</p>
    </div>
  );
}

export default async function AnalyticsPage({ params, searchParams }: { params: Promise<{ ws: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { ws } = await params;
  const actor = await requirePageActor();
  const parsed = analyticsQuerySchema.safeParse(await searchParams);
  const query = parsed.success ? parsed.data : analyticsQuerySchema.parse({});
  const [analytics, choices] = await orNotFound(Promise.all([getScheduleAnalytics(actor, ws, query), listScheduleChoices(actor, ws)]));
  const { overall } = analytics;
  const link = (days: number) => `/w/${ws}/autopilot/analytics?${new URLSearchParams({ days: String(days), ...(query.schedule_id ? { schedule_id: query.schedule_id } : {}) })}`;
  return (
    <>
      <PageTitle
        title="Analytics"
        description={`How the schedules did over the last ${analytics.days} days, by slot: days in UTC, from ${analytics.from.slice(0, 10)} to ${analytics.to.slice(0, 10)} (exclusive).`}
        actions={
          <Link href={`/w/${ws}/autopilot`} className={buttonClasses("secondary")}>
            All schedules
          </Link>
        }
      />
      {!parsed.success && <p className="mb-4 text-sm text-amber-900">That address asked for something this page does not show; here are the last 30 days of every schedule.</p>}
      <div className="mb-4 flex flex-wrap items-end gap-4">
        <nav aria-label="Window" className="flex gap-1">
          {ANALYTICS_WINDOWS.map((days) => (
            <Link key={days} href={link(days)} aria-current={days === analytics.days ? "page" : undefined} className={buttonClasses(days === analytics.days ? "primary" : "secondary")}>
              {days} days
            </Link>
          ))}
        </nav>
        <form className="flex items-end gap-2" action={`/w/${ws}/autopilot/analytics`}>
          <input type="hidden" name="days" value={analytics.days} />
          <div>
            <label htmlFor="analytics_schedule" className="block text-xs font-medium text-slate-700">Schedule</label>
            <select id="analytics_schedule" name="schedule_id" defaultValue={query.schedule_id ?? ""} className={inputClasses}>
              <option value="">All schedules</option>
              {choices.map((s) => (
                <option key={s.id} value={s.id}>{s.name}</option>
              ))}
            </select>
          </div>
          <button type="submit" className={buttonClasses("secondary")}>Show</button>
        </form>
      </div>
      <div className="mb-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
        <Tile label="Success rate" value={percent(overall.success_rate)} detail={`${overall.success} succeeded, ${overall.failed} failed of ${overall.runs} runs`} />
        <Tile label="Delivery rate" value={percent(overall.delivery_rate)} detail={`${overall.deliveries_sent} delivered, ${overall.deliveries_failed} failed`} />
        <Tile label="Duration" value={milliseconds(overall.median_duration_ms)} detail={`median; 95th percentile ${milliseconds(overall.p95_duration_ms)}`} />
        <Tile label="Lateness" value={milliseconds(overall.median_lateness_ms)} detail={`median start after the slot; p95 ${milliseconds(overall.p95_lateness_ms)}`} />
        <Tile label="Skipped" value={String(overall.skipped)} detail="by reason in the chart below" />
      </div>
      <Card className="mb-4">
        <AnalyticsCharts daily={analytics.daily} overall={overall} />
      </Card>
      <Card>
        <h2 className="mb-2 text-base font-semibold">Per schedule</h2>
        <AnalyticsTable workspaceId={ws} analytics={analytics} />
      </Card>
    </>
  );
}

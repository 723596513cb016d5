import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AppHeader } from "@/components/app-header";
import { ZonedTime } from "@/components/time/zoned-time";
import { PageTitle } from "@/components/page-title";
import { Card } from "@/components/ui/card";
import { getAdminStats } from "@/lib/admin/admin-stats";
import { requirePageActor } from "@/lib/auth/page-actor";
import { formatRelative } from "@/lib/format-time";
import { listWorkspaces } from "@/lib/workspaces/workspaces";

export const metadata: Metadata = { title: "Admin" };

function percent(rate: number | null): string {
  return rate === null ? "—" : `${Math.round(rate * 1000) / 10}%`;
}

function Stat({ label, value, detail, testId }: { label: string; value: string | number; detail?: string; testId: string }) {
  return (
    <Card>
      <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</p>
      <p className="mt-1 text-2xl font-semibold" data-testid={testId}>{value}</p>
      {detail && <p className="text-xs text-slate-500">{detail}</p>}
    </Card>
  );
}

export default async function AdminPage() {
  const actor = await requirePageActor();
  if (!actor.isPlatformAdmin) notFound();
  const [stats, workspaces] = await Promise.all([getAdminStats(actor), listWorkspaces(actor)]);
  const scheduleLink = (workspaceId: string, id: string | null) => (id ? `/w/${workspaceId}/autopilot/${id}` : `/w/${workspaceId}/reports`);

  return (
    <>
      <AppHeader email={actor.email} workspaceId={workspaces[0]?.id} workspaces={workspaces} isPlatformAdmin />
      <main className="mx-auto max-w-6xl space-y-6 px-4 py-6">
        <PageTitle title="Autopilot across the platform" description="Every workspace's schedules (read-only). Times in the zone chosen above." />
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
          <Stat label="Active schedules" value={stats.schedules.active} detail={`${stats.schedules.total} in all, ${stats.schedules.disabled} off`} testId="stat-active" />
          <Stat label="In error" value={stats.schedules.error} testId="stat-error" />
          <Stat label="Paused" value={stats.schedules.paused} testId="stat-paused" />
          <Stat label="Success rate, 7 days" value={percent(stats.success_rate.last_7_days)} detail={`${stats.success_rate.runs_7_days} scheduled runs`} testId="stat-rate-7" />
          <Stat label="Success rate, 30 days" value={percent(stats.success_rate.last_30_days)} detail={`${stats.success_rate.runs_30_days} scheduled runs`} testId="stat-rate-30" />
        </div>

        <Card>
          <h2 className="font-semibold">Overdue by more than 24 hours</h2>
          {stats.overdue.length === 0 ? (
            <p className="mt-2 text-sm text-slate-600">None: every schedule ran within a day of its slot.</p>
          ) : (
            <ul className="mt-2 space-y-1 text-sm">
              {stats.overdue.map((s) => (
                <li key={s.id} className="rounded border border-red-200 bg-red-50 px-2 py-1 text-red-900">
                  <span aria-hidden>⚠ </span>
                  <Link className="font-medium underline" href={scheduleLink(s.workspace_id, s.id)}>{s.schedule_name}</Link> ({s.workspace_name}) was due{" "}
                  <ZonedTime value={s.next_run_at} />, {formatRelative(s.next_run_at)}
                </li>
              ))}
            </ul>
          )}
        </Card>

        <div className="grid gap-4 lg:grid-cols-2">
          <Card>
            <h2 className="font-semibold">Next scheduled runs</h2>
            {stats.next_runs.length === 0 ? (
              <p className="mt-2 text-sm text-slate-600">Nothing scheduled.</p>
            ) : (
              <ol className="mt-2 space-y-1 text-sm" data-testid="next-runs">
                {stats.next_runs.map((s) => (
                  <li key={s.id}>
                    <Link className="font-medium text-brand-700 underline" href={scheduleLink(s.workspace_id, s.id)}>{s.schedule_name}</Link>{" "}
                    <span className="text-slate-600">({s.workspace_name})</span> — <ZonedTime value={s.next_run_at} scheduleZone={s.timezone} />
                  </li>
                ))}
              </ol>
            )}
          </Card>
          <Card>
            <h2 className="font-semibold">Recent failures</h2>
            {stats.recent_failures.length === 0 ? (
              <p className="mt-2 text-sm text-slate-600">No failed runs.</p>
            ) : (
              <ul className="mt-2 space-y-2 text-sm">
                {stats.recent_failures.map((f) => (
                  <li key={f.run_id}>
                    <span aria-hidden>✕ </span>
                    <Link className="font-medium text-brand-700 underline" href={scheduleLink(f.workspace_id, f.schedule_id)}>{f.schedule_name ?? "Deleted schedule"}</Link>{" "}
                    <span className="text-slate-600">({f.workspace_name}{f.finished_at ? <>, <ZonedTime value={f.finished_at} /></> : null})</span>
                    <p className="text-red-800">{f.error}</p>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>
      </main>
    </>
  );
}

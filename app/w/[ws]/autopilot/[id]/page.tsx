import type { Metadata } from "next";
import { DestinationsSummary } from "@/components/autopilot/destinations-summary";
import { RunHistoryChart } from "@/components/autopilot/run-history-chart";
import { RunHistoryTable } from "@/components/runs/run-history-table";
import { RunCounts } from "@/components/autopilot/run-counts";
import { ReportEverySlotButton } from "@/components/autopilot/report-every-slot-button";
import { ScheduleActions } from "@/components/autopilot/schedule-actions";
import { SaveAsTemplateButton } from "@/components/templates/save-as-template-button";
import { PageTitle } from "@/components/page-title";
import { ZonedTime } from "@/components/time/zoned-time";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { inputClasses } from "@/components/ui/field";
import { CursorPagination } from "@/components/ui/cursor-pagination";
import { loadScheduleDetails } from "@/lib/autopilot/schedules";
import { explainStatus } from "@/lib/autopilot/status-explanation";
import { requirePageActor } from "@/lib/auth/page-actor";
import { orNotFound } from "@/lib/http/page-errors";
import { RUN_STATUSES, RUN_STATUS_LABELS } from "@/lib/runs/run-status";
import { runListQuerySchema } from "@/lib/validation/run";
import { describePolicy } from "@/lib/schedule/describe-policy";
import { autopilotSettings } from "@/lib/config";
import { BatchSlotReports } from "@/components/autopilot/batch-slot-reports";

export const metadata: Metadata = { title: "Schedule" };

const PAGE_SIZE = 20;

export default async function SchedulePage({
  params,
  searchParams,
}: {
  params: Promise<{ ws: string; id: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { ws, id } = await params;
  const actor = await requirePageActor();
  const search = await searchParams;
  const parsed = runListQuerySchema.safeParse({ ...search, limit: PAGE_SIZE });
  const query = parsed.success ? parsed.data : runListQuerySchema.parse({ limit: PAGE_SIZE });
  const { schedule, history, recent, activity, is_owner } = await orNotFound(loadScheduleDetails(actor, ws, id, query));
  const state = explainStatus(schedule);
  const zone = schedule.schedule_config.timezone;
  const overrides = [
    schedule.categories_override ? `${schedule.categories_override.length} selected categories` : "all categories",
    schedule.regions_override ? `${schedule.regions_override.length} selected regions` : "all regions",
    schedule.cadence_override ? `${schedule.cadence_override} period` : "the specification's period",
  ].join(" · ");
  const pageLink = (cursor: string | null) => {
    const search = new URLSearchParams({ ...(query.status ? { status: query.status } : {}), ...(cursor ? { cursor } : {}) });
    return `/w/${ws}/autopilot/${id}${search.size ? `?${search}` : ""}#history`;
  };

  return (
    <>
      <PageTitle title={schedule.schedule_name} description={`${schedule.description} · ${[schedule.specification_name, ...schedule.batch_specification_names].join(", ")}`} />
      {!schedule.can_manage && (
        <p className="mb-4 text-sm text-slate-600">Read-only: only the schedule&apos;s creator ({schedule.created_by}) or a workspace owner can change it.</p>
      )}
      {(search.saved === "created" || search.saved === "updated") && (
        <div className="mb-4">
          <Alert tone="success">
            {search.saved === "created" ? "Schedule created." : "Changes saved."}
            {schedule.next_report_at ? (
              <>
                {" "}
                Next report: <ZonedTime value={schedule.next_report_at} scheduleZone={zone} />.
                {schedule.next_runs_skipped?.[0] && <> Its next slot is skipped: {schedule.next_runs_skipped_by?.[0]} makes that period&apos;s report.</>}
              </>
            ) : (
              schedule.never_delivers && <> As things stand it makes no report: every upcoming slot is skipped.</>
            )}
          </Alert>
        </div>
      )}
      <div className="mb-6 grid gap-4 lg:grid-cols-3">
        <Card className="space-y-3 lg:col-span-2">
          <Alert tone={state.tone}>
            <strong>{state.title}.</strong> {state.detail}
          </Alert>
          {schedule.effective_cadence && schedule.can_manage && (
            <div className="flex flex-wrap items-center gap-3 text-sm">
              <span className="font-medium text-amber-900" data-testid="effective-cadence">{schedule.effective_cadence}.</span>
              <ReportEverySlotButton workspaceId={ws} scheduleId={schedule.id} name={schedule.schedule_name} scheduleType={schedule.schedule_type} />
            </div>
          )}
          {schedule.run_counts && <RunCounts counts={schedule.run_counts} />}
          <p className="text-sm text-slate-600">Generates: {overrides}. Created by {schedule.created_by}.</p>
          <DestinationsSummary destinations={schedule.destinations ?? []} />
          {schedule.notes && <p className="text-sm text-slate-600">Notes: {schedule.notes}</p>}
          <details open className="text-sm" data-testid="schedule-policies">
            <summary className="cursor-pointer font-medium text-slate-800">Policies</summary>
            <dl className="mt-2 grid gap-x-3 gap-y-1 sm:grid-cols-[6rem_1fr]">
              {describePolicy({ ...schedule, timezone: zone }, autopilotSettings().runTimeoutSeconds).map((line) => (
                <div key={line.label} className="contents">
                  <dt className="text-slate-500">{line.label}</dt>
                  <dd className="text-slate-700">{line.text}</dd>
                </div>
              ))}
            </dl>
          </details>
          <ScheduleActions
            workspaceId={ws}
            scheduleId={schedule.id}
            name={schedule.schedule_name}
            state={schedule.state}
            zone={zone}
            hasChannels={(schedule.destinations ?? []).some((destination) => destination.type !== "email")}
            alsoReportsOn={schedule.batch_specification_names}
            canManage={Boolean(schedule.can_manage)}
          />
          {is_owner && (
            <div className="flex flex-wrap gap-3">
              <SaveAsTemplateButton workspaceId={ws} scheduleId={schedule.id} scheduleName={schedule.schedule_name} />
            </div>
          )}
        </Card>
        <Card>
          <h2 className="text-sm font-semibold">Next runs</h2>
          {schedule.next_runs && schedule.next_runs.length > 0 ? (
            <ol className="mt-2 space-y-1 text-sm" data-testid="next-runs">
              {schedule.next_runs.map((run, index) => (
                <li key={run}>
                  <ZonedTime value={run} scheduleZone={zone} />
                  {schedule.next_runs_skipped?.[index] && (
                    <span className="block text-xs text-amber-800" data-testid="next-run-skipped">
                      Skipped: {schedule.next_runs_skipped_by?.[index] ?? "an earlier run"} makes that period&apos;s report
                    </span>
                  )}
                  {schedule.next_runs_reports?.[index] && !schedule.next_runs_skipped?.[index] && (
                    <BatchSlotReports reports={schedule.next_runs_reports[index]} />
                  )}
                </li>
              ))}
            </ol>
          ) : (
            <p className="mt-2 text-sm text-slate-600">None: the schedule is not running.</p>
          )}
        </Card>
      </div>

      <Card className="space-y-4">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <h2 id="history" className="text-lg font-semibold">Execution history</h2>
          <form method="get" className="flex items-end gap-2">
            <div>
              <label htmlFor="history-status" className="block text-xs font-medium text-slate-700">Status</label>
              <select id="history-status" name="status" defaultValue={query.status ?? ""} className={inputClasses}>
                <option value="">Any</option>
                {RUN_STATUSES.map((status) => (
                  <option key={status} value={status}>{RUN_STATUS_LABELS[status]}</option>
                ))}
              </select>
            </div>
            <button type="submit" className={buttonClasses("secondary")}>Filter</button>
          </form>
        </div>
        {recent.items.length > 0 && (
          <RunHistoryChart
            scheduleZone={zone}
            runs={recent.items.map(({ id, status, trigger, created_at, started_at, scheduled_for, duration_ms, item_count }) => ({ id, status, trigger, created_at, started_at, scheduled_for, duration_ms, item_count }))}
          />
        )}
        {history.items.length === 0 ? (
          <p className="text-sm text-slate-600">No runs {query.status ? "with this status" : "yet: the first happens at the next run above, or use Test run"}.</p>
        ) : (
          <RunHistoryTable runs={history.items} workspaceId={ws} slotZone={zone} showSpecification={schedule.batch_specification_ids.length > 0} />
        )}
        <CursorPagination
          label="History pages"
          shown={history.items.length}
          total={history.total}
          totalCapped={history.total_capped}
          nextCursor={history.next_cursor}
          previousCursor={history.previous_cursor}
          href={pageLink}
        />
      </Card>

      <Card className="mt-6 space-y-2">
        <h2 className="text-lg font-semibold">Activity</h2>
        {activity.length === 0 ? (
          <p className="text-sm text-slate-600">Nothing yet.</p>
        ) : (
          <ol className="space-y-1 text-sm" aria-label="Activity">
            {activity.map((line, index) => (
              <li key={index} className={line.tone === "warning" ? "text-amber-900" : "text-slate-700"}>
                <ZonedTime value={line.at} className="text-slate-500" /> · {line.what}
                {line.until && (
                  <>
                    {" "}
                    until <ZonedTime value={line.until} />
                  </>
                )}{" "}
                <span className="text-slate-500">({line.who})</span>
              </li>
            ))}
          </ol>
        )}
      </Card>
    </>
  );
}

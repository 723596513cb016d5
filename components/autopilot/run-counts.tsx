import { RunStatusBadge } from "@/components/run-status-badge";
import { ZonedTime } from "@/components/time/zoned-time";
import type { ScheduleView } from "@/lib/autopilot/schedules";
import { formatRelative } from "@/lib/format-time";
import type { Jsonified } from "@/lib/http/jsonified";

type ScheduleRunCounts = NonNullable<ScheduleView["run_counts"]>;
type Counts = ScheduleRunCounts | Jsonified<ScheduleRunCounts>;

/** "✓ 2 · ✕ 1 · ⤼ 1 skipped": a schedule's slots by outcome (in progress too, when any). */
function slotOutcomes(counts: Counts): string {
  return [`✓ ${counts.succeeded}`, `✕ ${counts.failed}`, `⤼ ${counts.skipped} skipped`, ...(counts.running ? [`↻ ${counts.running} running`] : [])].join(" · ");
}

/** The latest run of any kind: its status, whether it was a test run, and when, with the exact time shown. */
export function LastRun({ counts }: { counts: Counts }) {
  const last = counts.last_run;
  if (!last) return <span className="text-slate-500">Never</span>;
  return (
    <span className="inline-flex flex-col gap-0.5">
      <span className="inline-flex items-center gap-1">
        <RunStatusBadge status={last.status} />
        {last.trigger === "test" && <span className="text-xs text-slate-600">test run</span>}
      </span>
      <span className="text-xs text-slate-600">
        {formatRelative(last.at)} · <ZonedTime value={last.at} />
      </span>
    </span>
  );
}

/** The schedule page's counters, which add up to its history: scheduled runs by outcome, test runs apart. */
export function RunCounts({ counts }: { counts: Counts }) {
  return (
    <dl className="grid gap-3 text-sm sm:grid-cols-3" data-testid="run-counts">
      <div>
        <dt className="text-xs text-slate-500">Scheduled runs</dt>
        <dd>
          {counts.scheduled}
          <span className="block text-xs text-slate-600">{slotOutcomes(counts)}</span>
        </dd>
      </div>
      <div>
        <dt className="text-xs text-slate-500">Test runs</dt>
        <dd>{counts.test_runs}</dd>
      </div>
      <div>
        <dt className="text-xs text-slate-500">Last run</dt>
        <dd>
          <LastRun counts={counts} />
        </dd>
      </div>
    </dl>
  );
}

/** The list's compact form: "✓ 2 ✕ 1 ⤼ 1" and the test runs. */
export function RunCountsCompact({ counts }: { counts: Counts }) {
  return (
    <span className="whitespace-nowrap text-xs">
      <span title="Scheduled runs that succeeded">✓ {counts.succeeded}</span> <span title="Scheduled runs that failed">✕ {counts.failed}</span>{" "}
      <span title="Scheduled runs skipped">⤼ {counts.skipped}</span>
      {counts.test_runs > 0 && <span className="block text-slate-600">+ {counts.test_runs} test run{counts.test_runs === 1 ? "" : "s"}</span>}
    </span>
  );
}

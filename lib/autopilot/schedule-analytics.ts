import "server-only";
import { runAsUser } from "@/lib/db/run-as";
import { selectScheduleAnalytics, type AnalyticsRow } from "@/lib/db/schedule-analytics";
import { listScheduleTimings } from "@/lib/db/schedules";
import type { Actor } from "@/lib/db/transactions";
import { AppError } from "@/lib/errors/app-error";
import type { AnalyticsQuery } from "@/lib/validation/analytics";
import { requireWorkspace } from "@/lib/workspaces/workspace-access";
import { SKIP_REASONS, type SkipReason } from "./skip-reasons";

const DAY = 86_400_000;

export interface AnalyticsFigures {
  runs: number;
  success: number;
  failed: number;
  skipped: number;
  /** Successful runs among those that ran (skips are neither); null without any. */
  success_rate: number | null;
  deliveries_sent: number;
  deliveries_failed: number;
  /** Deliveries sent among those settled (sent, or failed for good); null without any. */
  delivery_rate: number | null;
  median_duration_ms: number | null;
  p95_duration_ms: number | null;
  /** How long after its slot a run started. */
  median_lateness_ms: number | null;
  p95_lateness_ms: number | null;
  skipped_by: Record<SkipReason, number>;
}

export interface WorkspaceAnalytics {
  days: number;
  from: string;
  to: string;
  schedule_id: string | null;
  overall: AnalyticsFigures;
  schedules: (AnalyticsFigures & { schedule_id: string; schedule_name: string })[];
  /** Every UTC day of the window, oldest first, days without runs included. */
  daily: (AnalyticsFigures & { day: string })[];
}

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);

function figures(row: AnalyticsRow | undefined): AnalyticsFigures {
  const skippedBy = Object.fromEntries(SKIP_REASONS.map((reason) => [reason, row?.skipped_by?.[reason] ?? 0])) as Record<SkipReason, number>;
  if (!row) {
    return { runs: 0, success: 0, failed: 0, skipped: 0, success_rate: null, deliveries_sent: 0, deliveries_failed: 0, delivery_rate: null, median_duration_ms: null, p95_duration_ms: null, median_lateness_ms: null, p95_lateness_ms: null, skipped_by: skippedBy };
  }
  return {
    runs: row.runs,
    success: row.success,
    failed: row.failed,
    skipped: row.skipped,
    success_rate: ratio(row.success, row.success + row.failed),
    deliveries_sent: row.deliveries_sent,
    deliveries_failed: row.deliveries_failed,
    delivery_rate: ratio(row.deliveries_sent, row.deliveries_sent + row.deliveries_failed),
    median_duration_ms: row.median_duration_ms,
    p95_duration_ms: row.p95_duration_ms,
    median_lateness_ms: row.median_lateness_ms,
    p95_lateness_ms: row.p95_lateness_ms,
    skipped_by: skippedBy,
  };
}

/**
 * How the workspace's schedules did over the last 7, 30 or 90 days (by slot): overall, per schedule and per
 * day, from the runs and deliveries themselves.
 */
export function getScheduleAnalytics(actor: Actor, workspaceId: string, query: AnalyticsQuery, now = new Date()): Promise<WorkspaceAnalytics> {
  return runAsUser(actor, async (tx) => {
    await requireWorkspace(tx, actor, workspaceId, "read");
    const schedules = await listScheduleTimings(tx, { workspaceId });
    if (query.schedule_id && !schedules.some((s) => s.id === query.schedule_id)) {
      throw new AppError("validation_failed", "That schedule is not in this workspace", { schedule_id: "schedule_id must be the id of a schedule of this workspace" });
    }
    // Whole UTC days: today and the days before it.
    const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + DAY);
    const from = new Date(to.getTime() - query.days * DAY);
    const rows = await selectScheduleAnalytics(tx, { workspaceId, from, to, scheduleId: query.schedule_id });
    const bySchedule = new Map(rows.filter((r) => r.schedule_id).map((r) => [r.schedule_id!, r]));
    const byDay = new Map(rows.filter((r) => r.day).map((r) => [r.day!, r]));
    const overall = rows.find((r) => !r.schedule_id && !r.day);
    const days = Array.from({ length: query.days }, (_, i) => new Date(from.getTime() + i * DAY).toISOString().slice(0, 10));
    return {
      days: query.days,
      from: from.toISOString(),
      to: to.toISOString(),
      schedule_id: query.schedule_id ?? null,
      overall: figures(overall),
      schedules: schedules
        .filter((s) => !query.schedule_id || s.id === query.schedule_id)
        .map((s) => ({ schedule_id: s.id, schedule_name: s.schedule_name, ...figures(bySchedule.get(s.id)) })),
      daily: days.map((day) => ({ day, ...figures(byDay.get(day)) })),
    };
  });
}

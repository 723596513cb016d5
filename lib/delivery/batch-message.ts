import "server-only";
import { appUrl } from "@/lib/config";
import type { BatchReportRow } from "@/lib/db/batch-reports";
import type { ReportDelivery } from "@/lib/db/deliveries";
import type { DeliveredReport } from "@/lib/db/report-files";
import { reportPath } from "@/lib/runs/report-path";
import { reportPeriodLabel } from "@/lib/runs/report-period-label";
import { reportMessage } from "./report-message";

/** One report of a batch delivery: what every channel lists for it. */
export interface BatchPart {
  runId: string;
  title: string;
  status: string;
  /** Why it was not made (skipped) or what went wrong (failed). */
  error: string | null;
  itemCount: number;
  period: string;
  /** The recipient's own link when they have one, else the report in the app. */
  reportUrl: string;
  report: DeliveredReport | null;
}

/** A batch slot's delivery: the schedule's name, and each report in order (its own first). */
export interface BatchMessage {
  subjectName: string;
  period: string;
  parts: BatchPart[];
  made: number;
}

/**
 * The parts of a batch delivery: the slot's own report (the delivery's run) and its further reports, each
 * with its own link (`links`: run id → the recipient's link) and report.
 */
export function batchMessage(
  delivery: ReportDelivery,
  own: DeliveredReport | null,
  further: BatchReportRow[],
  reports: ReadonlyMap<string, DeliveredReport>,
  links: ReadonlyMap<string, string>,
): BatchMessage {
  const message = reportMessage(delivery);
  const parts: BatchPart[] = [
    {
      runId: delivery.run_id!,
      title: delivery.specification_name,
      status: delivery.run_status ?? "success",
      error: delivery.run_status === "success" ? null : delivery.run_error,
      itemCount: delivery.item_count ?? 0,
      period: message.period,
      reportUrl: message.reportUrl,
      report: own,
    },
    ...further.map((row) => ({
      runId: row.id,
      title: row.specification_name,
      status: row.status,
      error: row.status === "success" ? null : row.error,
      itemCount: row.item_count ?? 0,
      period: reportPeriodLabel({ cadence: row.cadence, period_end: row.period_end, time_zone: delivery.time_zone }),
      reportUrl: links.get(row.id) ?? `${appUrl()}${reportPath(delivery.workspace_id, row.id)}`,
      report: reports.get(row.id) ?? null,
    })),
  ];
  return { subjectName: message.subjectName, period: message.period, parts, made: parts.filter((part) => part.status === "success").length };
}

/** "made" / "skipped: …" / "failed: …": what a part's line says after its title. */
export function partOutcome(part: BatchPart): string {
  if (part.status === "success") return `${part.period ? `${part.period} · ` : ""}${part.itemCount} item${part.itemCount === 1 ? "" : "s"}`;
  return `${part.status === "failed" ? "Failed" : "Not made"}: ${part.error ?? "no reason given"}`;
}

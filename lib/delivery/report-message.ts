import "server-only";
import { appUrl } from "@/lib/config";
import type { ReportDelivery } from "@/lib/db/deliveries";
import { reportPath } from "@/lib/runs/report-path";
import { reportPeriodLabel } from "@/lib/runs/report-period-label";

/** What every channel says about a delivered report: the same words in email, Slack and webhooks. */
export interface ReportMessage {
  title: string;
  /** What the subject names: the schedule (what the recipient subscribed to), else the specification. */
  subjectName: string;
  period: string;
  itemCount: number;
  /** The recipient's own link when they have one (it opens without an account), else the report in the app. */
  reportUrl: string;
  isTest: boolean;
}

export function reportMessage(delivery: ReportDelivery): ReportMessage {
  return {
    title: delivery.specification_name,
    subjectName: delivery.schedule_name ?? delivery.specification_name,
    period: reportPeriodLabel(delivery),
    itemCount: delivery.item_count ?? 0,
    reportUrl: delivery.report_link
      ? delivery.report_link
      : delivery.run_id
      ? `${appUrl()}${reportPath(delivery.workspace_id, delivery.run_id)}`
      : `${appUrl()}/w/${delivery.workspace_id}/autopilot${delivery.schedule_id ? `/${delivery.schedule_id}` : ""}`,
    isTest: delivery.is_test,
  };
}

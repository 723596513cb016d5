import "server-only";
import { appUrl } from "@/lib/config";
import type { ReportDelivery } from "@/lib/db/deliveries";
import { reportPath } from "@/lib/runs/report-path";
import { isFrequency } from "@/lib/schedule/frequency";
import { frequencyPeriod } from "@/lib/schedule/frequency-period";

/** What every channel says about a delivered report: the same words in email, Slack and webhooks. */
export interface ReportMessage {
  title: string;
  period: string;
  itemCount: number;
  reportUrl: string;
  isTest: boolean;
}

export function reportMessage(delivery: ReportDelivery): ReportMessage {
  return {
    title: delivery.specification_name,
    period: periodText(delivery),
    itemCount: delivery.item_count ?? 0,
    reportUrl: delivery.run_id
      ? `${appUrl()}${reportPath(delivery.workspace_id, delivery.run_id)}`
      : `${appUrl()}/w/${delivery.workspace_id}/autopilot${delivery.schedule_id ? `/${delivery.schedule_id}` : ""}`,
    isTest: delivery.is_test,
  };
}

/** "week 48 of 2026, 23–29 Nov": the calendar period of the report's end, in the schedule's zone. */
function periodText(delivery: ReportDelivery): string {
  if (!delivery.period_end || !delivery.cadence || !isFrequency(delivery.cadence)) return "";
  return frequencyPeriod(delivery.cadence, delivery.period_end, delivery.time_zone ?? "UTC").label;
}

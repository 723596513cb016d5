import { isFailingDelivery } from "@/lib/autopilot/schedule-state";

/** A run's report deliveries counted (owner alerts apart): what "Success · delivered 3 of 4 · 1 retrying" says. */
export interface DeliverySummary {
  total: number;
  delivered: number;
  /** Failed and waiting for another attempt. */
  retrying: number;
  /** Failed for good or gave up. */
  failed: number;
  /** Not tried yet (e.g. email while SMTP is not configured). */
  waiting: number;
  /** For people: "delivered 3 of 4 · 1 retrying"; null when the run has no deliveries. */
  text: string | null;
}

export function summarizeDeliveries(deliveries: { kind: string; status: string; last_error: string | null }[]): DeliverySummary {
  const reports = deliveries.filter((d) => d.kind === "report");
  const delivered = reports.filter((d) => d.status === "sent").length;
  const failed = reports.filter((d) => d.status === "failed" || d.status === "gave_up").length;
  const retrying = reports.filter((d) => d.status === "pending" && isFailingDelivery(d)).length;
  const waiting = reports.length - delivered - failed - retrying;
  const parts = [`delivered ${delivered} of ${reports.length}`, ...(retrying ? [`${retrying} retrying`] : []), ...(failed ? [`${failed} failed`] : []), ...(waiting ? [`${waiting} waiting`] : [])];
  return { total: reports.length, delivered, retrying, failed, waiting, text: reports.length ? parts.join(" · ") : null };
}

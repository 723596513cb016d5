import "server-only";
import { createHmac } from "node:crypto";
import type { ReportDelivery } from "@/lib/db/deliveries";
import type { DeliveredReport } from "@/lib/db/report-files";
import { safePost } from "@/lib/generator/feeds/safe-fetch";
import { reportMessage } from "./report-message";
import type { SendResult } from "./send-result";

/** A short Block Kit message: title, period, item count, the top headlines, a button to the report. */
export function slackPayload(delivery: ReportDelivery, report: DeliveredReport | null) {
  const message = reportMessage(delivery);
  const headlines = (report?.digest.sections ?? []).flatMap((section) => section.items.slice(0, 2)).slice(0, 5);
  const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const summary = `${message.isTest ? "[Test] " : ""}${message.title}${message.period ? ` — ${message.period}` : ""}: ${message.itemCount} item${message.itemCount === 1 ? "" : "s"}`;
  return {
    text: summary,
    blocks: [
      { type: "header", text: { type: "plain_text", text: `${message.isTest ? "[Test] " : ""}${message.title}`.slice(0, 150) } },
      { type: "context", elements: [{ type: "mrkdwn", text: escape(`${message.period} · ${message.itemCount} item${message.itemCount === 1 ? "" : "s"}`) }] },
      ...(headlines.length
        ? [{ type: "section", text: { type: "mrkdwn", text: headlines.map((item) => `• <${item.url.replace(/[<>|]/g, "")}|${escape(item.title).slice(0, 200)}>`).join("\n") } }]
        : []),
      { type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: "Open the report" }, url: message.reportUrl }] },
    ],
  };
}

/** The documented webhook body. */
export function webhookPayload(delivery: ReportDelivery, report: DeliveredReport | null = null) {
  const message = reportMessage(delivery);
  return {
    event: "report.generated",
    delivery_id: delivery.id,
    test: delivery.is_test,
    // Null only for "Send a test" before the schedule has made a report.
    run: delivery.run_id
      ? { id: delivery.run_id, status: delivery.run_status, item_count: delivery.item_count ?? 0, period: message.period, period_start: delivery.period_start, period_end: delivery.period_end }
      : null,
    schedule: delivery.schedule_id ? { id: delivery.schedule_id, name: delivery.schedule_name } : null,
    specification: { name: delivery.specification_name },
    report_url: message.reportUrl,
    // Against the schedule's previous report: counts, and the items that dropped out (new ones are marked in sections).
    changes: report?.digest.changes ?? null,
    sections: (report?.digest.sections ?? []).map((section) => ({ category: section.category, count: section.count, new_count: section.new_count ?? null, items: section.items })),
  };
}

/**
 * `Autopilot-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the webhook's secret>`, as
 * Stripe signs: the receiver recomputes it and refuses old timestamps, so a captured request cannot be replayed.
 */
export function signatureHeader(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${createHmac("sha256", secret).update(`${t}.${body}`).digest("hex")}`;
}

export async function postDelivery(delivery: ReportDelivery, report: DeliveredReport | null, at: Date, timeoutMs = 10_000): Promise<SendResult> {
  const body = JSON.stringify(delivery.type === "slack" ? slackPayload(delivery, report) : webhookPayload(delivery, report));
  const headers: Record<string, string> = { "autopilot-delivery-id": delivery.id };
  if (delivery.type === "webhook") {
    if (!delivery.secret) return { ok: false, permanent: true, error: "the webhook has no secret" };
    headers["autopilot-signature"] = signatureHeader(delivery.secret, body, at);
  }
  // A Slack channel's URL is its secret; its target is only the label members see.
  const url = delivery.type === "slack" ? delivery.secret : delivery.target;
  if (!url) return { ok: false, permanent: true, error: "the Slack channel was removed from the schedule" };
  const answer = await safePost(url, body, headers, timeoutMs);
  if (answer.status === null) return { ok: false, permanent: answer.refused, error: answer.error };
  if (answer.status >= 200 && answer.status < 300) return { ok: true, providerRef: `HTTP ${answer.status}` };
  const transient = answer.status === 429 || answer.status === 408 || answer.status >= 500;
  return { ok: false, permanent: !transient, error: `HTTP ${answer.status}${answer.body ? `: ${answer.body.slice(0, 200)}` : ""}` };
}

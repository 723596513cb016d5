import "server-only";
import { createHmac } from "node:crypto";
import type { ReportDelivery } from "@/lib/db/deliveries";
import type { DeliveredReport } from "@/lib/db/report-files";
import { safePost } from "@/lib/generator/feeds/safe-fetch";
import { CHAT_SERVICE_NAMES, isChatService } from "./chat-services";
import { partOutcome, type BatchMessage, type BatchPart } from "./batch-message";
import { reportMessage } from "./report-message";
import type { SendResult } from "./send-result";

/** A batch's title and facts line: the schedule, its period and how many of its reports were made. */
function batchSummary(delivery: ReportDelivery, batch: BatchMessage) {
  const title = `${delivery.is_test ? "[Test] " : ""}${batch.subjectName}`;
  const facts = `${batch.period ? `${batch.period} · ` : ""}${batch.made} of ${batch.parts.length} reports`;
  return { title, facts };
}

/** A batch in Block Kit: the schedule, then one line per report (linked when made, else why not). */
function slackBatchPayload(delivery: ReportDelivery, batch: BatchMessage) {
  const { title, facts } = batchSummary(delivery, batch);
  const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const line = (part: BatchPart) =>
    part.status === "success" ? `• <${part.reportUrl.replace(/[<>|]/g, "")}|${escape(part.title).slice(0, 200)}> — ${escape(partOutcome(part))}` : `• ${escape(part.title)} — ${escape(partOutcome(part))}`;
  return {
    text: `${title}: ${facts}`,
    blocks: [
      { type: "header", text: { type: "plain_text", text: title.slice(0, 150) } },
      { type: "context", elements: [{ type: "mrkdwn", text: escape(facts) }] },
      { type: "section", text: { type: "mrkdwn", text: batch.parts.map(line).join("\n").slice(0, 3000) } },
    ],
  };
}

/** A batch's lines in a markdown dialect (Teams, Discord). */
function markdownBatchLines(batch: BatchMessage, bullet: string): string[] {
  return batch.parts.map((part) =>
    part.status === "success" ? `${bullet} [${linkText(part.title)}](${linkUrl(part.reportUrl)}) — ${partOutcome(part)}` : `${bullet} ${linkText(part.title)} — ${partOutcome(part)}`,
  );
}

/** A short Block Kit message: title, period, item count, the top headlines, a button to the report. */
export function slackPayload(delivery: ReportDelivery, report: DeliveredReport | null, batch: BatchMessage | null = null) {
  if (batch) return slackBatchPayload(delivery, batch);
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

/** What a chat message says, whatever the service: a title line, the period and count, the top headlines. */
function chatSummary(delivery: ReportDelivery, report: DeliveredReport | null) {
  const message = reportMessage(delivery);
  const title = `${message.isTest ? "[Test] " : ""}${message.title}`;
  const facts = `${message.period ? `${message.period} · ` : ""}${message.itemCount} item${message.itemCount === 1 ? "" : "s"}`;
  const headlines = (report?.digest.sections ?? []).flatMap((section) => section.items.slice(0, 2)).slice(0, 5);
  return { title, facts, headlines, reportUrl: message.reportUrl };
}

/** Link text for a markdown dialect: brackets would end the link early, so they become parentheses. */
const linkText = (text: string) => text.replace(/\[/g, "(").replace(/\]/g, ")").replace(/[\r\n]+/g, " ").slice(0, 200);
/** A URL in a markdown link: parentheses and spaces would end it, so they are escaped. */
const linkUrl = (url: string) => url.replace(/[()\s<>]/g, (c) => encodeURIComponent(c));

/**
 * A Microsoft Teams message: an Adaptive Card in a message attachment, the format Teams' incoming webhooks
 * (Workflows, and the Office 365 connectors they replace) accept.
 */
export function teamsPayload(delivery: ReportDelivery, report: DeliveredReport | null, batch: BatchMessage | null = null) {
  const { title, facts, headlines, reportUrl } = batch ? { ...batchSummary(delivery, batch), headlines: [], reportUrl: batch.parts[0].reportUrl } : chatSummary(delivery, report);
  return {
    type: "message",
    summary: `${title}: ${facts}`,
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        contentUrl: null,
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: "1.4",
          body: [
            { type: "TextBlock", text: title.slice(0, 150), weight: "Bolder", size: "Medium", wrap: true },
            { type: "TextBlock", text: facts, isSubtle: true, spacing: "None", wrap: true },
            ...(headlines.length ? [{ type: "TextBlock", text: headlines.map((item) => `- [${linkText(item.title)}](${linkUrl(item.url)})`).join("\n"), wrap: true }] : []),
            ...(batch ? [{ type: "TextBlock", text: markdownBatchLines(batch, "-").join("\n"), wrap: true }] : []),
          ],
          actions: batch ? [] : [{ type: "Action.OpenUrl", title: "Open the report", url: reportUrl }],
        },
      },
    ],
  };
}

/**
 * A Discord message: one embed linking to the report. Mentions are switched off, so a feed's headline that
 * says @everyone pings no one.
 */
export function discordPayload(delivery: ReportDelivery, report: DeliveredReport | null, batch: BatchMessage | null = null) {
  if (batch) {
    const { title, facts } = batchSummary(delivery, batch);
    return {
      content: `${title}: ${facts}`.slice(0, 2000),
      allowed_mentions: { parse: [] },
      embeds: [{ title: title.slice(0, 256), description: [facts, ...markdownBatchLines(batch, "•")].join("\n").slice(0, 4096) }],
    };
  }
  const { title, facts, headlines, reportUrl } = chatSummary(delivery, report);
  return {
    content: `${title}: ${facts}`.slice(0, 2000),
    allowed_mentions: { parse: [] },
    embeds: [
      {
        title: title.slice(0, 256),
        url: reportUrl,
        description: [facts, ...headlines.map((item) => `• [${linkText(item.title)}](${linkUrl(item.url)})`)].join("\n").slice(0, 4096),
      },
    ],
  };
}

const CHAT_PAYLOADS = { slack: slackPayload, teams: teamsPayload, discord: discordPayload } as const;

const sectionsOf = (report: DeliveredReport | null) =>
  (report?.digest.sections ?? []).map((section) => ({ category: section.category, count: section.count, new_count: section.new_count ?? null, items: section.items }));

/** The documented webhook body; a batch's also lists every report of the slot, in order (`reports`). */
export function webhookPayload(delivery: ReportDelivery, report: DeliveredReport | null = null, batch: BatchMessage | null = null) {
  const message = reportMessage(delivery);
  return {
    ...webhookBody(delivery, report, message),
    ...(batch
      ? {
          reports: batch.parts.map((part) => ({
            run_id: part.runId,
            specification: { name: part.title },
            status: part.status,
            error: part.error,
            item_count: part.itemCount,
            period: part.period,
            report_url: part.status === "success" ? part.reportUrl : null,
            sections: sectionsOf(part.report),
          })),
        }
      : {}),
  };
}

function webhookBody(delivery: ReportDelivery, report: DeliveredReport | null, message: ReturnType<typeof reportMessage>) {
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
    sections: sectionsOf(report),
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

export async function postDelivery(delivery: ReportDelivery, report: DeliveredReport | null, at: Date, timeoutMs = 10_000, batch: BatchMessage | null = null): Promise<SendResult> {
  const body = JSON.stringify(isChatService(delivery.type) ? CHAT_PAYLOADS[delivery.type](delivery, report, batch) : webhookPayload(delivery, report, batch));
  const headers: Record<string, string> = { "autopilot-delivery-id": delivery.id };
  if (delivery.type === "webhook") {
    if (!delivery.secret) return { ok: false, permanent: true, error: "the webhook has no secret" };
    headers["autopilot-signature"] = signatureHeader(delivery.secret, body, at);
  }
  // A chat channel's URL is its secret; its target is only the label members see.
  const url = isChatService(delivery.type) ? delivery.secret : delivery.target;
  if (!url) return { ok: false, permanent: true, error: `the ${isChatService(delivery.type) ? CHAT_SERVICE_NAMES[delivery.type] : "webhook"} channel was removed from the schedule` };
  const answer = await safePost(url, body, headers, timeoutMs);
  if (answer.status === null) return { ok: false, permanent: answer.refused, error: answer.error };
  if (answer.status >= 200 && answer.status < 300) return { ok: true, providerRef: `HTTP ${answer.status}` };
  const transient = answer.status === 429 || answer.status === 408 || answer.status >= 500;
  return { ok: false, permanent: !transient, error: `HTTP ${answer.status}${answer.body ? `: ${answer.body.slice(0, 200)}` : ""}` };
}

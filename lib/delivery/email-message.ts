import "server-only";
import { appUrl } from "@/lib/config";
import type { ReportDelivery } from "@/lib/db/deliveries";
import type { DeliveredReport } from "@/lib/db/report-files";
import { escapeHtml, safeHttpUrl } from "@/lib/generator/html";
import { deliveryMessageId, renderEmail } from "./render-email";
import { reportMessage } from "./report-message";

export interface EmailMessage {
  subject: string;
  html: string;
  text: string;
  attachments: { filename: string; content: string; contentType: string }[];
  headers: Record<string, string>;
  messageId: string;
}

function unsubscribeUrl(delivery: ReportDelivery): string | null {
  // Members manage what they receive in the app; anyone else gets a one-click link (RFC 8058).
  if (delivery.recipient_is_member || delivery.is_test || !delivery.unsubscribe_token) return null;
  return `${appUrl()}/api/unsubscribe/${delivery.unsubscribe_token}`;
}

/** Stands for a recipient's unsubscribe link in a rendered email shared by a run's recipients. */
const UNSUBSCRIBE_SLOT = "autopilot-unsubscribe-link-slot";

/** What every recipient of one run's report shares: rendering MJML is the costly part of sending. */
type RenderedReport = Pick<EmailMessage, "subject" | "html" | "text" | "attachments">;

async function renderReport(delivery: ReportDelivery, report: DeliveredReport | null, withUnsubscribe: boolean): Promise<RenderedReport> {
  const message = reportMessage(delivery);
  const subject = `${message.isTest ? "[Test] " : ""}${message.title}${message.period ? ` — ${message.period}` : ""}`;
  const sections = (report?.digest.sections ?? [])
    .map((section) => {
      const items = section.items
        .map((item) => {
          const href = safeHttpUrl(item.url);
          const title = href ? `<a href="${escapeHtml(href)}" style="color:#2449ad;text-decoration:none;font-weight:600">${escapeHtml(item.title)}</a>` : escapeHtml(item.title);
          const summary = item.summary ? `<br/><span style="color:#334155">${escapeHtml(item.summary)}</span>` : "";
          return `<mj-text padding="4px 0 10px 0" font-size="14px" line-height="1.45">${title}<br/><span style="color:#5b6472;font-size:12px">${escapeHtml(item.source)}</span>${summary}</mj-text>`;
        })
        .join("");
      const more = section.count > section.items.length ? `<mj-text padding="0 0 8px 0" color="#5b6472" font-size="12px">and ${section.count - section.items.length} more in the full report</mj-text>` : "";
      return `<mj-text padding="16px 0 4px 0" font-size="18px" font-weight="700">${escapeHtml(section.category)} (${section.count})</mj-text>${items || `<mj-text padding="0 0 8px 0" color="#5b6472">Nothing new in this period.</mj-text>`}${more}`;
    })
    .join("");
  const { html, text } = await renderEmail(
    subject,
    `${message.isTest ? `<mj-text padding="0 0 8px 0" color="#92400e" font-weight="700">Test delivery: only you received this.</mj-text>` : ""}
        <mj-text padding="0" font-size="24px" font-weight="700">${escapeHtml(message.title)}</mj-text>
        <mj-text padding="4px 0 0 0" color="#5b6472">${escapeHtml(message.period)} · ${message.itemCount} item${message.itemCount === 1 ? "" : "s"}</mj-text>
        ${sections}
        <mj-button href="${escapeHtml(message.reportUrl)}" background-color="#2449ad" align="left" padding="16px 0 0 0">Open the report in Autopilot</mj-button>
        <mj-text padding="16px 0 0 0" color="#5b6472" font-size="12px">The full report is attached.${delivery.schedule_name ? ` Sent by the schedule “${escapeHtml(delivery.schedule_name)}”.` : ""}${withUnsubscribe ? ` <a href="https://${UNSUBSCRIBE_SLOT}" style="color:#5b6472">Unsubscribe</a>` : ""}</mj-text>`,
  );
  return {
    subject,
    html,
    text,
    attachments: report?.html
      ? [{ filename: `${message.title.replace(/[^\w.-]+/g, "-").slice(0, 80) || "report"}.html`, content: report.html, contentType: "text/html; charset=utf-8" }]
      : [],
  };
}

/**
 * The report as an email: built with MJML (tables and inline styles that mail clients render), the
 * report's sections inline (each category's top headlines with links and summaries), a plain-text part, the
 * full HTML report attached, and a link to the report in the app. A renderer made for one deliver batch
 * renders each run's email once and gives each recipient their own unsubscribe link and Message-ID.
 */
export function createReportEmailRenderer(): (delivery: ReportDelivery, report: DeliveredReport | null) => Promise<EmailMessage> {
  const rendered = new Map<string, Promise<RenderedReport>>();
  return async (delivery, report) => {
    const unsubscribe = unsubscribeUrl(delivery);
    const key = `${delivery.run_id}|${delivery.is_test}|${delivery.schedule_name}|${unsubscribe !== null}`;
    let shared = rendered.get(key);
    if (!shared) {
      shared = renderReport(delivery, report, unsubscribe !== null);
      rendered.set(key, shared);
    }
    const { subject, html, text, attachments } = await shared;
    const headers: Record<string, string> = {};
    if (unsubscribe) {
      headers["List-Unsubscribe"] = `<${unsubscribe}>`;
      headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
    }
    const link = `https://${UNSUBSCRIBE_SLOT}`;
    return {
      subject,
      html: unsubscribe ? html.replaceAll(link, escapeHtml(unsubscribe)) : html,
      text: unsubscribe ? text.replaceAll(link, unsubscribe) : text,
      attachments,
      headers,
      messageId: deliveryMessageId(delivery.id),
    };
  };
}

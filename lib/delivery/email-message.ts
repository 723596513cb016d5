import "server-only";
import { appUrl } from "@/lib/config";
import type { ReportDelivery } from "@/lib/db/deliveries";
import type { DeliveredReport } from "@/lib/db/report-files";
import { escapeHtml, safeHttpUrl } from "@/lib/generator/html";
import { deliveryMessageId, renderEmail } from "./render-email";
import { partOutcome, type BatchMessage } from "./batch-message";
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

/** Stands for a recipient's own link to the report, likewise. */
const REPORT_LINK_SLOT = "autopilot-report-link-slot";

/** A table of contents helps from this many sections on; the button then also stands at the top. */
const LONG_REPORT_SECTIONS = 3;

type Sections = NonNullable<DeliveredReport["digest"]["sections"]>;

/** A report's sections as MJML: each category's top headlines with links and summaries, anchored `<anchor>-<n>`. */
function sectionsMjml(sectionList: Sections, reportUrl: string, anchor = "section"): string {
  return sectionList
    .map((section, index) => {
      const entries = section.items
        .map((item) => {
          const href = safeHttpUrl(item.url);
          const badge = item.new ? `<span style="color:#166534;font-weight:700;font-size:11px">NEW </span>` : "";
          const title = badge + (href ? `<a href="${escapeHtml(href)}" style="color:#2449ad;text-decoration:none;font-weight:600">${escapeHtml(item.title)}</a>` : escapeHtml(item.title));
          const summary = item.summary ? `<br/><span style="color:#334155">${escapeHtml(item.summary)}</span>` : "";
          return `<mj-text padding="4px 0 10px 0" font-size="14px" line-height="1.45">${title}<br/><span style="color:#5b6472;font-size:12px">${escapeHtml(item.source)}</span>${summary}</mj-text>`;
        })
        .join("");
      const hidden = section.count - section.items.length;
      const more = hidden > 0 ? `<mj-text padding="0 0 8px 0" font-size="12px"><a href="${escapeHtml(reportUrl)}" style="color:#2449ad">and ${hidden} more in the full report</a></mj-text>` : "";
      return `<mj-text padding="16px 0 4px 0" font-size="18px" font-weight="700"><span id="${anchor}-${index + 1}">${escapeHtml(section.category)} (${section.count})</span></mj-text>${entries || `<mj-text padding="0 0 8px 0" color="#5b6472">Nothing new in this period.</mj-text>`}${more}`;
    })
    .join("");
}

/** An attachment's file name from a report's title. */
function attachmentName(title: string): string {
  return `${title.replace(/[^\w.-]+/g, "-").slice(0, 80) || "report"}.html`;
}

async function renderReport(delivery: ReportDelivery, report: DeliveredReport | null, withUnsubscribe: boolean): Promise<RenderedReport> {
  const message = reportMessage(delivery);
  const reportUrl = delivery.report_link ? `https://${REPORT_LINK_SLOT}` : message.reportUrl;
  const subject = `${message.isTest ? "[Test] " : ""}${message.subjectName}${message.period ? ` — ${message.period}` : ""}`;
  const items = `${message.itemCount} item${message.itemCount === 1 ? "" : "s"}`;
  const sectionList = report?.digest.sections ?? [];
  const sections = sectionsMjml(sectionList, reportUrl);
  const long = sectionList.length >= LONG_REPORT_SECTIONS;
  const button = (padding: string) => `<mj-button href="${escapeHtml(reportUrl)}" background-color="#2449ad" align="left" padding="${padding}">Open the full report</mj-button>`;
  const contents = long
    ? `<mj-text padding="12px 0 0 0" font-size="13px" color="#334155"><strong>In this report:</strong> ${sectionList.map((section, index) => `<a href="#section-${index + 1}" style="color:#2449ad">${escapeHtml(section.category)} (${section.count})</a>`).join(" · ")}</mj-text>`
    : "";
  const changes = report?.digest.changes;
  const changed = changes
    ? `<mj-text padding="12px 0 0 0" font-size="13px" color="#166534"><strong>What changed since the last report:</strong> ${changes.new_count} new, ${changes.dropped_count} no longer in it${changes.dropped.length ? ` (${changes.dropped.map((item) => escapeHtml(item.title)).join("; ")}${changes.dropped_count > changes.dropped.length ? "; …" : ""})` : ""}.</mj-text>`
    : "";
  const attached = Boolean(report?.html);
  const footer = [
    attached ? "The full report is attached as an HTML file." : "",
    delivery.report_link ? "Your link opens this report without an account; do not forward it if the report is private." : "",
    delivery.schedule_name ? `Sent by the schedule “${escapeHtml(delivery.schedule_name)}”.` : "",
    withUnsubscribe ? `<a href="https://${UNSUBSCRIBE_SLOT}" style="color:#5b6472">Unsubscribe</a>` : "",
    // Members stop their emails in the app (a one-click link would let anyone they forward it to do it).
    delivery.recipient_is_member && !message.isTest
      ? `You receive this as a member of the workspace: <a href="${escapeHtml(`${appUrl()}/w/${delivery.workspace_id}/members#my-emails`)}" style="color:#5b6472">stop these emails</a>.`
      : "",
  ].filter(Boolean).join(" ");
  const testNote = !message.isTest
    ? ""
    : delivery.run_trigger === "test"
      ? "Test run: only you received this. The schedule's recipients get the same email at its slots, without this line."
      : report
        ? "Test delivery: the schedule's latest report, sent now to check this destination. Scheduled emails look the same, without this line."
        : "Test delivery: this schedule has not made a report yet, so this email shows its layout with no items. Scheduled emails carry the report.";
  const { html, text } = await renderEmail(
    subject,
    `${testNote ? `<mj-text padding="0 0 8px 0" color="#92400e" font-weight="700">${escapeHtml(testNote)}</mj-text>` : ""}
        <mj-text padding="0" font-size="24px" font-weight="700">${escapeHtml(message.title)}</mj-text>
        <mj-text padding="4px 0 0 0" color="#5b6472">${escapeHtml(message.period)}${message.period ? " · " : ""}${items}</mj-text>
        ${long ? button("12px 0 0 0") : ""}
        ${changed}
        ${contents}
        ${sections}
        ${button("16px 0 0 0")}
        ${footer ? `<mj-text padding="16px 0 0 0" color="#5b6472" font-size="12px">${footer}</mj-text>` : ""}`,
    { preheader: `${message.period ? `${message.period}: ` : ""}${items}${sectionList[0]?.items[0] ? ` · ${sectionList[0].items[0].title}` : ""}`.slice(0, 140) },
  );
  return {
    subject,
    html,
    text,
    attachments: attached
      ? [{ filename: attachmentName(message.title), content: report!.html!, contentType: "text/html; charset=utf-8" }]
      : [],
  };
}

/**
 * A batch slot's reports in one email: a contents line, then each report in order with its period and count
 * (or why it was not made), its sections and its own button; each made report attached as its own file.
 * Links are the recipient's own, so it is rendered per recipient.
 */
async function renderBatchReport(delivery: ReportDelivery, batch: BatchMessage, withUnsubscribe: boolean): Promise<RenderedReport> {
  const subject = `${delivery.is_test ? "[Test] " : ""}${batch.subjectName}${batch.period ? ` — ${batch.period}` : ""}`;
  const count = `${batch.made} of ${batch.parts.length} report${batch.parts.length === 1 ? "" : "s"}`;
  const contents = batch.parts.map((part, index) => `<a href="#report-${index + 1}" style="color:#2449ad">${escapeHtml(part.title)}</a>`).join(" · ");
  const blocks = batch.parts
    .map((part, index) => {
      const made = part.status === "success";
      const tone = made ? "#5b6472" : part.status === "failed" ? "#991b1b" : "#92400e";
      return `<mj-divider border-color="#e2e8f0" border-width="1px" padding="20px 0 8px 0" />
        <mj-text padding="0" font-size="22px" font-weight="700"><span id="report-${index + 1}">${escapeHtml(part.title)}</span></mj-text>
        <mj-text padding="4px 0 0 0" color="${tone}">${escapeHtml(partOutcome(part))}</mj-text>
        ${made ? sectionsMjml(part.report?.digest.sections ?? [], part.reportUrl, `report-${index + 1}-section`) : ""}
        ${made ? `<mj-button href="${escapeHtml(part.reportUrl)}" background-color="#2449ad" align="left" padding="12px 0 0 0">Open “${escapeHtml(part.title)}”</mj-button>` : ""}`;
    })
    .join("");
  const attached = batch.parts.filter((part) => part.status === "success" && part.report?.html);
  const footer = [
    attached.length ? `Each report is attached as its own HTML file (${attached.length}).` : "",
    delivery.report_link ? "Your links open these reports without an account; do not forward them if the reports are private." : "",
    delivery.schedule_name ? `Sent by the schedule “${escapeHtml(delivery.schedule_name)}”.` : "",
    withUnsubscribe ? `<a href="https://${UNSUBSCRIBE_SLOT}" style="color:#5b6472">Unsubscribe</a>` : "",
    delivery.recipient_is_member
      ? `You receive this as a member of the workspace: <a href="${escapeHtml(`${appUrl()}/w/${delivery.workspace_id}/members#my-emails`)}" style="color:#5b6472">stop these emails</a>.`
      : "",
  ].filter(Boolean).join(" ");
  const { html, text } = await renderEmail(
    subject,
    `<mj-text padding="0" font-size="24px" font-weight="700">${escapeHtml(batch.subjectName)}</mj-text>
        <mj-text padding="4px 0 0 0" color="#5b6472">${escapeHtml(batch.period)}${batch.period ? " · " : ""}${count}</mj-text>
        <mj-text padding="12px 0 0 0" font-size="13px" color="#334155"><strong>In this email:</strong> ${contents}</mj-text>
        ${blocks}
        ${footer ? `<mj-text padding="16px 0 0 0" color="#5b6472" font-size="12px">${footer}</mj-text>` : ""}`,
    { preheader: `${batch.period ? `${batch.period}: ` : ""}${count}: ${batch.parts.map((part) => part.title).join(", ")}`.slice(0, 140) },
  );
  return {
    subject,
    html,
    text,
    attachments: attached.map((part) => ({ filename: attachmentName(part.title), content: part.report!.html!, contentType: "text/html; charset=utf-8" })),
  };
}

/**
 * The report as an email: built with MJML (tables and inline styles that mail clients render), the
 * report's sections inline (each category's top headlines with links and summaries), a plain-text part, the
 * full HTML report attached, and a link to the report in the app. A renderer made for one deliver batch
 * renders each run's email once and gives each recipient their own unsubscribe link and Message-ID.
 */
export function createReportEmailRenderer(): (delivery: ReportDelivery, report: DeliveredReport | null, batch?: BatchMessage | null) => Promise<EmailMessage> {
  const rendered = new Map<string, Promise<RenderedReport>>();
  return async (delivery, report, batch) => {
    const unsubscribe = unsubscribeUrl(delivery);
    const key = `${delivery.run_id}|${delivery.is_test}|${delivery.run_trigger}|${delivery.schedule_name}|${unsubscribe !== null}|${Boolean(delivery.report_link)}|${delivery.recipient_is_member}`;
    let shared = batch ? renderBatchReport(delivery, batch, unsubscribe !== null) : rendered.get(key);
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
    // Each recipient's own links go where the shared rendering holds their slots.
    const personal: [string, string | null][] = [
      [`https://${UNSUBSCRIBE_SLOT}`, unsubscribe],
      [`https://${REPORT_LINK_SLOT}`, delivery.report_link ?? null],
    ];
    const fill = (body: string, escape: (value: string) => string) => personal.reduce((out, [slot, value]) => (value ? out.replaceAll(slot, escape(value)) : out), body);
    return {
      subject,
      html: fill(html, escapeHtml),
      text: fill(text, (value) => value),
      attachments,
      headers,
      messageId: deliveryMessageId(delivery.id),
    };
  };
}

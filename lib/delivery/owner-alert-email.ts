import "server-only";
import { appUrl } from "@/lib/config";
import type { DueDelivery } from "@/lib/db/deliveries";
import type { OwnerAlertPayload } from "@/lib/db/owner-alerts";
import type { OverdueDigestPayload } from "@/lib/db/overdue-schedules";
import { escapeHtml } from "@/lib/generator/html";
import type { EmailMessage } from "./email-message";
import { deliveryMessageId, renderEmail } from "./render-email";

const HEADLINES: Record<OwnerAlertPayload["event"], (name: string) => string> = {
  failing: (name) => `“${name}” failed`,
  paused: (name) => `“${name}” is paused after repeated failures`,
  error: (name) => `“${name}” stopped and needs attention`,
  delivery_failing: (name) => `Reports of “${name}” are not being delivered`,
};

const NEXT_STEPS: Record<OwnerAlertPayload["event"], string> = {
  failing: "It runs again at its next slot. You will not get another email for the failures that follow in a row; you will if it pauses.",
  paused: "It will not run until someone resumes it. Fix the cause, then press Resume on the schedule's page.",
  error: "It will not run until someone fixes its specification and saves the schedule again.",
  delivery_failing:
    "The report was made, but it did not reach this destination. Temporary failures are retried for a day. Check the address or endpoint under Edit, then use Send a test. You will not get another email about this destination until a delivery to it succeeds and then fails again.",
};

const text = (content: string, attributes = 'padding="8px 0 0 0"') => `<mj-text ${attributes}>${content}</mj-text>`;

/** To a schedule's creator and the workspace owners: what happened, the error, and where to fix it. */
export async function ownerAlertEmail(delivery: DueDelivery): Promise<EmailMessage> {
  const alert = delivery.payload as OwnerAlertPayload;
  const subject = `Autopilot: ${HEADLINES[alert.event](alert.schedule_name)}`;
  const link = `${appUrl()}/w/${delivery.workspace_id}/autopilot/${delivery.schedule_id}`;
  const { html, text: plain } = await renderEmail(
    subject,
    [
      text(escapeHtml(HEADLINES[alert.event](alert.schedule_name)), 'padding="0" font-size="22px" font-weight="700"'),
      alert.error ? text(`<strong>Error:</strong> ${escapeHtml(alert.error)}`) : "",
      text(escapeHtml(NEXT_STEPS[alert.event]), 'padding="8px 0 0 0" color="#334155"'),
      `<mj-button href="${escapeHtml(link)}" background-color="#2449ad" align="left" padding="16px 0 0 0">Open the schedule</mj-button>`,
      text("You receive this as the schedule's creator or an owner of its workspace.", 'padding="16px 0 0 0" color="#5b6472" font-size="12px"'),
    ].join("\n"),
  );
  return { subject, html, text: plain, attachments: [], headers: {}, messageId: deliveryMessageId(delivery.id) };
}

/** To the operators (ADMIN_EMAILS), at most once a day: the schedules overdue by more than 24 hours. */
export async function overdueDigestEmail(delivery: DueDelivery): Promise<EmailMessage> {
  const digest = delivery.payload as OverdueDigestPayload;
  const plural = digest.count === 1 ? "schedule is" : "schedules are";
  const subject = `Autopilot: ${digest.count} ${plural} overdue by more than a day`;
  const rows = digest.schedules
    .map((s) => `<tr><td style="padding:4px 8px 4px 0">${escapeHtml(s.workspace_name)}</td><td style="padding:4px 8px">${escapeHtml(s.schedule_name)}</td><td style="padding:4px 0 4px 8px">${escapeHtml(s.next_run_at.replace("T", " ").slice(0, 16))} UTC</td></tr>`)
    .join("");
  const { html, text: plain } = await renderEmail(
    subject,
    [
      text(`${digest.count} ${plural} overdue by more than a day`, 'padding="0" font-size="22px" font-weight="700"'),
      text("The engine has not run them: check that the cron job calls /api/cron/tick and that its secret matches, and look at the tick's logs.", 'padding="8px 0 0 0" color="#334155"'),
      `<mj-table padding="12px 0 0 0" font-size="13px"><tr style="text-align:left;color:#5b6472"><th style="padding:4px 8px 4px 0">Workspace</th><th style="padding:4px 8px">Schedule</th><th style="padding:4px 0 4px 8px">Due since</th></tr>${rows}</mj-table>`,
      digest.count > digest.schedules.length ? text(`and ${digest.count - digest.schedules.length} more.`, 'padding="4px 0 0 0" color="#5b6472"') : "",
      `<mj-button href="${escapeHtml(`${appUrl()}/admin`)}" background-color="#2449ad" align="left" padding="16px 0 0 0">Open the admin dashboard</mj-button>`,
      text("At most one such email a day, to the addresses in ADMIN_EMAILS.", 'padding="16px 0 0 0" color="#5b6472" font-size="12px"'),
    ].join("\n"),
  );
  return { subject, html, text: plain, attachments: [], headers: {}, messageId: deliveryMessageId(delivery.id) };
}

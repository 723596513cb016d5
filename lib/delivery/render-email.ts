import "server-only";
import { convert } from "html-to-text";
import mjml2html from "mjml";
import { appUrl } from "@/lib/config";
import { escapeHtml } from "@/lib/generator/html";

/**
 * An email's HTML from MJML body content (one white card on a grey page, the app's font stack): tables and
 * inline styles that mail clients render, in English (`lang`), with an optional preheader (the line inboxes
 * show after the subject). The plain-text part is made from that HTML.
 */
export async function renderEmail(subject: string, content: string, { preheader }: { preheader?: string } = {}): Promise<{ html: string; text: string }> {
  const source = `<mjml lang="en">
  <mj-head><mj-title>${escapeHtml(subject)}</mj-title>${preheader ? `<mj-preview>${escapeHtml(preheader)}</mj-preview>` : ""}<mj-attributes><mj-all font-family="-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif" /></mj-attributes></mj-head>
  <mj-body background-color="#f5f7fb">
    <mj-section background-color="#ffffff" padding="24px">
      <mj-column>
        ${content}
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;
  const { html } = await mjml2html(source, { validationLevel: "soft" });
  const text = convert(html, { wordwrap: 100, selectors: [{ selector: "a", options: { hideLinkHrefIfSameAsText: true } }, { selector: "img", format: "skip" }] });
  return { html, text };
}

/** The same for every attempt of a delivery, so a mail client shows a resent message once. */
export function deliveryMessageId(deliveryId: string): string {
  return `<delivery-${deliveryId}@${new URL(appUrl()).hostname || "autopilot.local"}>`;
}

import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import type { EmailMessage } from "./email-message";
import type { SendResult } from "./send-result";

const transports = new Map<string, Transporter>();
/** SMTP sessions kept open per server: sending is bound by round trips, and most providers allow ten. */
export const SMTP_CONNECTIONS = 10;

function transportFor(smtpUrl: string): Transporter {
  let transport = transports.get(smtpUrl);
  if (!transport) {
    // A pooled connection: a tick sending many emails reuses a few SMTP sessions instead of one per email.
    transport = nodemailer.createTransport(`${smtpUrl}${smtpUrl.includes("?") ? "&" : "?"}pool=true&maxConnections=${SMTP_CONNECTIONS}`, {
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
    transports.set(smtpUrl, transport);
  }
  return transport;
}

/** Sends one email over SMTP_URL. An SMTP 5xx answer is permanent; a 4xx or no connection is transient. */
export async function sendEmail(settings: { smtpUrl: string; from: string }, to: string, message: EmailMessage): Promise<SendResult> {
  try {
    const info = await transportFor(settings.smtpUrl).sendMail({
      from: settings.from,
      to,
      subject: message.subject,
      html: message.html,
      text: message.text,
      attachments: message.attachments,
      headers: message.headers,
      messageId: message.messageId,
    });
    if (info.rejected.length) return { ok: false, permanent: true, error: `rejected: ${String(info.response ?? "").slice(0, 300)}` };
    return { ok: true, providerRef: info.messageId };
  } catch (error) {
    const smtp = error as { responseCode?: number; response?: string; message?: string };
    const reason = (smtp.response ?? smtp.message ?? String(error)).slice(0, 500);
    if (typeof smtp.responseCode === "number") return { ok: false, permanent: smtp.responseCode >= 500, error: `SMTP ${smtp.responseCode}: ${reason}` };
    return { ok: false, permanent: false, error: reason };
  }
}

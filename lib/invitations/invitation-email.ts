import "server-only";
import { randomUUID } from "node:crypto";
import type { Invitation } from "@/lib/db/invitations";
import type { EmailMessage } from "@/lib/delivery/email-message";
import { escapeHtml } from "@/lib/generator/html";
import { formatLocal } from "@/lib/schedule/zoned-time";

/** The invitation as an email: who invites, to which workspace, the link and how long it works. */
export function invitationEmail({ invitation, workspaceName, acceptUrl }: { invitation: Invitation; workspaceName: string; acceptUrl: string }): EmailMessage {
  const who = invitation.invited_by_email ?? "A workspace owner";
  // The recipient's zone is unknown: how long, then the instant in UTC, named.
  const days = Math.max(1, Math.round((invitation.expires_at.getTime() - Date.now()) / 86_400_000));
  const until = `${days} day${days === 1 ? "" : "s"} (until ${formatLocal("UTC", invitation.expires_at.getTime())} UTC)`;
  const text = `${who} invited you to join "${workspaceName}" on Autopilot as ${invitation.role === "owner" ? "an owner" : "a member"}.\n\nAccept: ${acceptUrl}\n\nThe link works for ${until}. Sign in (or create an account) with ${invitation.email} to accept. If you did not expect this, ignore this email.\n`;
  const html = `<p>${escapeHtml(who)} invited you to join <strong>${escapeHtml(workspaceName)}</strong> on Autopilot as ${invitation.role === "owner" ? "an owner" : "a member"}.</p>
<p><a href="${escapeHtml(acceptUrl)}">Accept the invitation</a></p>
<p>The link works for ${escapeHtml(until)}. Sign in (or create an account) with ${escapeHtml(invitation.email)} to accept. If you did not expect this, ignore this email.</p>`;
  return { subject: `Join ${workspaceName} on Autopilot`, html, text, attachments: [], headers: {}, messageId: `<invitation-${randomUUID()}@autopilot>` };
}

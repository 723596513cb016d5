import "server-only";
import { CHAT_SERVICES } from "./chat-services";
import pLimit from "p-limit";
import { emailSettings } from "@/lib/config";
import type { Database } from "@/lib/db/database";
import { claimDueDeliveries, deferDeliveries, deliveryFailureAlerts, isReportDelivery, recordDeliveryResults, type DeliveryResult, type DueDelivery } from "@/lib/db/deliveries";
import type { Queryable } from "@/lib/db/database";
import type { DestinationType } from "@/lib/db/destinations";
import { findDeliveredReports, type DeliveredReport } from "@/lib/db/report-files";
import { enqueueOwnerAlerts } from "@/lib/db/owner-alerts";
import { withSystem } from "@/lib/db/transactions";
import type { Logger } from "@/lib/log";
import { createReportEmailRenderer, type EmailMessage } from "./email-message";
import { emailQuotaMessage, takeWorkspaceEmails } from "./email-quota";
import { overdueDigestEmail, ownerAlertEmail } from "./owner-alert-email";
import { findBatchReports } from "@/lib/db/batch-reports";
import { batchMessage, type BatchMessage } from "./batch-message";
import { issueBatchReportLinks, issueReportLinks } from "./report-links";
import { sendEmail } from "./send-email";
import { postDelivery } from "./send-http";
import type { SendResult } from "./send-result";

export interface DeliverySummary {
  sent: number;
  /** Failed transiently; tried again later. */
  retrying: number;
  /** Failed permanently (SMTP 5xx, HTTP 4xx, a refused address). */
  failed: number;
  /** Failed transiently for a day. */
  gave_up: number;
}

const BATCH = 100;
/** How long a chat service or webhook receiver has to answer, at most (less near the tick's end). */
const HTTP_TIMEOUT_MS = 10_000;
/** A send is not started with less time than this left before the tick's end: it waits for the next tick. */
const LEAST_SEND_MS = 1_000;
/** Sends in flight at once: two per SMTP session, so each always has the next message ready. */
export const SENDS_AT_ONCE = 20;
/**
 * When a batch holds several workspaces' deliveries, each workspace gets an equal share of those places (at
 * least this many), so one workspace's slow or hanging receivers cannot hold them all.
 */
const LEAST_SHARE = 5;
/** Longer than any send can take (timeouts of 10–20 s): a claim outlives its attempt. */
const LEASE_SECONDS = 120;
const FIRST_RETRY_MS = 60_000;
const LONGEST_WAIT_MS = 60 * 60_000;
/** Transient failures are retried for this long after the delivery was queued, then it gives up. */
export const GIVE_UP_AFTER_MS = 24 * 60 * 60_000;
/**
 * Owners are alerted when a report delivery fails for good, or is still failing after this many attempts
 * (about 7 minutes of retries): a destination that is down is news long before the day of retries ends.
 */
export const ALERT_AFTER_ATTEMPTS = 4;

function callsForAlert(result: DeliveryResult, attempts: number): boolean {
  return result.status === "failed" || result.status === "gave_up" || (result.status === "pending" && attempts >= ALERT_AFTER_ATTEMPTS);
}

/** 1, 2, 4 … minutes after each failed attempt, at most an hour, ±20% so receivers that failed together do not retry together. */
export function retryDelayMs(attempts: number, random = Math.random): number {
  const base = Math.min(LONGEST_WAIT_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

type ReportEmailRenderer = ReturnType<typeof createReportEmailRenderer>;

function emailOf(delivery: DueDelivery, report: DeliveredReport | null, renderReportEmail: ReportEmailRenderer, batch: BatchMessage | null): Promise<EmailMessage> {
  if (isReportDelivery(delivery)) return renderReportEmail(delivery, report, batch);
  return delivery.kind === "alert" ? ownerAlertEmail(delivery) : overdueDigestEmail(delivery);
}

/** One attempt to send one delivery; never throws (a failure is a result, permanent or not). */
export async function sendDelivery(
  delivery: DueDelivery,
  report: DeliveredReport | null,
  at: Date,
  renderReportEmail: ReportEmailRenderer = createReportEmailRenderer(),
  timeoutMs = HTTP_TIMEOUT_MS,
  batch: BatchMessage | null = null,
): Promise<SendResult> {
  try {
    if (delivery.type === "email") {
      const settings = emailSettings();
      if (!settings) return { ok: false, permanent: false, error: "email is not configured (SMTP_URL)" };
      return await sendEmail(settings, delivery.target, await emailOf(delivery, report, renderReportEmail, batch));
    }
    if (!isReportDelivery(delivery)) return { ok: false, permanent: true, error: `a ${delivery.kind} is sent by email only` };
    return await postDelivery(delivery, report, at, timeoutMs, batch);
  } catch (error) {
    return { ok: false, permanent: false, error: error instanceof Error ? error.message : String(error) };
  }
}

function resultOf(delivery: DueDelivery, sent: SendResult, at: Date): DeliveryResult {
  if (sent.ok) return { id: delivery.id, status: "sent", error: null, providerRef: sent.providerRef, nextAttemptAt: null, at };
  if (sent.permanent) return { id: delivery.id, status: "failed", error: sent.error, providerRef: null, nextAttemptAt: null, at };
  const next = new Date(at.getTime() + retryDelayMs(delivery.attempts));
  if (next.getTime() - delivery.created_at.getTime() > GIVE_UP_AFTER_MS) {
    return { id: delivery.id, status: "gave_up", error: `${sent.error} (gave up after ${delivery.attempts} attempts over a day)`, providerRef: null, nextAttemptAt: null, at };
  }
  return { id: delivery.id, status: "pending", error: sent.error, providerRef: null, nextAttemptAt: next, at };
}

/**
 * The claimed deliveries that may go now: report emails beyond their workspace's daily quota are put back
 * until the quota starts over, saying so (the owners' alerts are not counted).
 */
async function withinEmailQuota(tx: Queryable, claimed: DueDelivery[], now: Date): Promise<DueDelivery[]> {
  const byWorkspace = new Map<string, DueDelivery[]>();
  for (const d of claimed) {
    if (d.type !== "email" || d.kind !== "report" || !d.workspace_id) continue;
    byWorkspace.set(d.workspace_id, [...(byWorkspace.get(d.workspace_id) ?? []), d]);
  }
  const held = new Set<string>();
  for (const [workspaceId, emails] of byWorkspace) {
    const quota = await takeWorkspaceEmails(tx, { workspaceId, wanted: emails.length, now });
    const waiting = emails.slice(quota.granted).map((d) => d.id);
    await deferDeliveries(tx, { ids: waiting, until: quota.resetAt, reason: emailQuotaMessage(quota.limit, quota.resetAt) });
    for (const id of waiting) held.add(id);
  }
  return claimed.filter((d) => !held.has(d.id));
}

/**
 * The tick's deliver phase: claims due deliveries (SKIP LOCKED, with a lease), sends each, and records the
 * batch's results in one statement, until nothing is due or the deadline passes. A crash between sending and
 * recording errs on the side of sending again after the lease lapses (at least once, never lost); the
 * email keeps its Message-ID and a webhook its `Autopilot-Delivery-Id`, so a repeat can be recognised.
 */
export async function deliverDue(
  db: Database,
  { clock, deadline, runId, log }: { clock: () => Date; deadline?: number; runId?: string; log?: Logger },
): Promise<DeliverySummary> {
  const summary: DeliverySummary = { sent: 0, retrying: 0, failed: 0, gave_up: 0 };
  const types: DestinationType[] = [...(emailSettings() ? (["email"] as const) : []), ...CHAT_SERVICES, "webhook"];
  const limit = pLimit(SENDS_AT_ONCE);
  while (deadline === undefined || clock().getTime() < deadline) {
    const { claimed, reports, batches } = await withSystem(db, async (tx) => {
      const due = await withinEmailQuota(tx, await claimDueDeliveries(tx, { now: clock(), limit: BATCH, leaseSeconds: LEASE_SECONDS, types, runId }), clock());
      const links = await issueReportLinks(tx, due);
      const claimed = due.map((delivery) => ({ ...delivery, report_link: links.get(delivery.id) ?? null }));
      const runIds = (deliveries: DueDelivery[]) => [...new Set(deliveries.flatMap((d) => (isReportDelivery(d) && d.run_id ? [d.run_id] : [])))];
      // A batch slot's delivery (or a batch Test run's) carries its further reports too, each with the recipient's own link.
      const further = await findBatchReports(tx, { slotRunIds: runIds(claimed.filter((d) => !d.is_test)), testRunIds: runIds(claimed.filter((d) => d.is_test)) });
      const madeIds = (deliveries: DueDelivery[]) =>
        deliveries.flatMap((d) => (d.run_id ? (further.get(d.run_id) ?? []).filter((row) => row.status === "success").map((row) => row.id) : []));
      const reports = await findDeliveredReports(tx, {
        runIds: [...runIds(claimed), ...madeIds(claimed)],
        htmlFor: [...runIds(claimed.filter((d) => d.type === "email")), ...madeIds(claimed.filter((d) => d.type === "email"))],
      });
      const furtherLinks = await issueBatchReportLinks(tx, claimed, further);
      const batches = new Map<string, BatchMessage>();
      for (const delivery of claimed) {
        const rows = delivery.run_id ? further.get(delivery.run_id) : undefined;
        if (!rows || !isReportDelivery(delivery)) continue;
        batches.set(delivery.id, batchMessage(delivery, reports.get(delivery.run_id!) ?? null, rows, reports, furtherLinks.get(delivery.id) ?? new Map()));
      }
      return { claimed, reports, batches };
    });
    if (claimed.length === 0) break;
    // A run's recipients share one rendering of its email.
    const renderReportEmail = createReportEmailRenderer();
    // A send's time counts against the tick's: one that would start too near its end waits for the next tick,
    // unattempted, and an HTTP receiver gets at most the time left.
    const late = new Set<string>();
    const send = async (delivery: DueDelivery): Promise<SendResult | null> => {
      const left = deadline === undefined ? HTTP_TIMEOUT_MS : deadline - clock().getTime();
      if (left < LEAST_SEND_MS) {
        late.add(delivery.id);
        return null;
      }
      return sendDelivery(delivery, (delivery.run_id && reports.get(delivery.run_id)) || null, clock(), renderReportEmail, Math.min(HTTP_TIMEOUT_MS, left), batches.get(delivery.id) ?? null);
    };
    // A delivery first waits for a place of its workspace's, then takes one of the batch's.
    const workspaces = new Set(claimed.map((delivery) => delivery.workspace_id ?? ""));
    const share = Math.max(LEAST_SHARE, Math.ceil(SENDS_AT_ONCE / workspaces.size));
    const shares = new Map<string, ReturnType<typeof pLimit>>();
    const shareOf = (delivery: DueDelivery) => {
      const key = delivery.workspace_id ?? "";
      if (!shares.has(key)) shares.set(key, pLimit(share));
      return shares.get(key)!;
    };
    const attempted = await Promise.all(
      claimed.map((delivery) =>
        shareOf(delivery)(() =>
          limit(async () => {
            const sent = await send(delivery);
            return sent ? resultOf(delivery, sent, clock()) : null;
          }),
        ),
      ),
    );
    const results = attempted.filter((result): result is DeliveryResult => result !== null);
    const attemptsOf = new Map(claimed.map((delivery) => [delivery.id, delivery.attempts]));
    const alerting = results.filter((result) => callsForAlert(result, attemptsOf.get(result.id)!)).map((result) => result.id);
    await withSystem(db, async (tx) => {
      await recordDeliveryResults(tx, results);
      await deferDeliveries(tx, { ids: [...late], until: clock(), reason: "Not sent before the tick ended (its receivers were busy); sent at the next tick" });
      // In the transaction that records the failure: an alert is never lost, nor sent for a failure unrecorded.
      await enqueueOwnerAlerts(tx, await deliveryFailureAlerts(tx, { ids: alerting, at: clock() }));
    });
    for (const result of results) {
      if (result.status === "sent") summary.sent++;
      else if (result.status === "pending") summary.retrying++;
      else summary[result.status]++;
      if (result.status !== "sent") log?.warn({ delivery_id: result.id, status: result.status, error: result.error }, "delivery not sent");
    }
  }
  return summary;
}

import "server-only";
import { CHAT_SERVICE_NAMES, type ChatService } from "@/lib/delivery/chat-services";
import { randomUUID } from "node:crypto";
import { emailSettings } from "@/lib/config";
import { appendAudit } from "@/lib/db/audit-log";
import { countEvent } from "@/lib/db/rate-limits";
import { emailQuotaMessage, takeWorkspaceEmails } from "@/lib/delivery/email-quota";
import { getDatabase } from "@/lib/db/connection";
import type { ReportDelivery } from "@/lib/db/deliveries";
import { findDestinationSecret } from "@/lib/db/destinations";
import { slackLabel } from "@/lib/delivery/slack-webhook";
import { findDeliveredReports } from "@/lib/db/report-files";
import { findLatestReportRun, type Run } from "@/lib/db/runs";
import { withSystem, type Actor } from "@/lib/db/transactions";
import { AppError } from "@/lib/errors/app-error";
import type { ScheduleRow } from "@/lib/db/schedules";
import { sendDelivery } from "@/lib/delivery/deliver-due";
import { createReportEmailRenderer } from "@/lib/delivery/email-message";
import { issueReportLinks } from "@/lib/delivery/report-links";
import { requireWorkspace } from "@/lib/workspaces/workspace-access";
import { runAsUser } from "@/lib/db/run-as";
import type { DestinationTestInput } from "@/lib/validation/destinations";
import { requireManagedSchedule } from "./schedules";

/** A person may send this many tests per workspace in ten minutes: enough to fix a URL, too few to spam with. */
export const TESTS_PER_WINDOW = 10;
const WINDOW_MS = 10 * 60_000;
const ACTION = "destination.test";

export interface DestinationTestResult {
  target: string;
  ok: boolean;
  /** Why it was not accepted, in the receiver's words (SMTP reply, HTTP status, refused address). */
  error: string | null;
}

/**
 * "Send a test": sends to one destination now, marked as a test, and says what the receiver answered. It
 * shows the schedule's latest report when there is one (otherwise a message with no items), and is recorded
 * in the audit log, which is also what limits how often a person may do it.
 */
export async function sendTestDelivery(actor: Actor, workspaceId: string, input: DestinationTestInput): Promise<{ results: DestinationTestResult[] }> {
  const { destination } = input;
  let schedule: ScheduleRow | null = null;
  if (input.schedule_id) schedule = await requireManagedSchedule(actor, workspaceId, input.schedule_id);
  else await runAsUser(actor, (tx) => requireWorkspace(tx, actor, workspaceId, "member"));
  if (destination.type === "email" && !emailSettings()) {
    throw new AppError("conflict", "Email is not configured on this server (SMTP_URL); the recipients are kept and reports wait until it is", {
      "destination.to": "email is not configured on this server",
    });
  }
  const db = await getDatabase();
  // A chat channel is named by its label; its URL (new, or the one the schedule keeps) travels as its secret.
  const chat = destination.type === "email" || destination.type === "webhook" ? null : destination;
  const targets = destination.type === "email" ? destination.to : destination.type === "webhook" ? [destination.url] : [chat!.webhook_url ? slackLabel(chat!.webhook_url) : chat!.keep!];
  const { deliveries, report } = await withSystem(db, async (tx) => {
    // Counted before sending, in this transaction (a refusal rolls it back): parallel requests queue on the
    // counter, so a burst sends at most the limit.
    const now = new Date();
    const tests = await countEvent(tx, { key: `destination-test:${workspaceId}:${actor.id}`, windowSeconds: WINDOW_MS / 1000, now });
    if (tests.count > TESTS_PER_WINDOW) {
      const retryAfter = Math.max(1, Math.ceil((tests.resetAt.getTime() - now.getTime()) / 1000));
      throw new AppError("too_many_attempts", `At most ${TESTS_PER_WINDOW} tests in ten minutes; try again later`, undefined, { "Retry-After": String(retryAfter) });
    }
    if (destination.type === "email") {
      const quota = await takeWorkspaceEmails(tx, { workspaceId, wanted: targets.length, now });
      if (quota.granted < targets.length) {
        throw new AppError("too_many_attempts", emailQuotaMessage(quota.limit, quota.resetAt).replace("this one goes out", "try again"), undefined, {
          "Retry-After": String(Math.max(1, Math.ceil((quota.resetAt.getTime() - now.getTime()) / 1000))),
        });
      }
    }
    const kept = (type: "webhook" | ChatService, target: string) => (schedule ? findDestinationSecret(tx, { workspaceId, scheduleId: schedule.id, type, target }) : Promise.resolve(null));
    const secret =
      destination.type === "webhook"
        ? (destination.secret ?? (await kept("webhook", destination.url)))
        : chat
          ? (chat.webhook_url ?? (await kept(chat.type, chat.keep!)))
          : null;
    if (chat && !secret) {
      const service = CHAT_SERVICE_NAMES[chat.type];
      throw new AppError("validation_failed", `Not a ${service} channel of this schedule`, { "destination.webhook_url": `webhook_url is required: this schedule has no such ${service} channel` });
    }
    const run = schedule ? await findLatestReportRun(tx, { workspaceId, scheduleId: schedule.id }) : null;
    const report = run ? ((await findDeliveredReports(tx, { runIds: [run.id], htmlFor: destination.type === "email" ? [run.id] : [] })).get(run.id) ?? null) : null;
    if (destination.type === "webhook" && !secret) throw new AppError("validation_failed", "A webhook needs its secret to sign the test", { "destination.secret": "secret is required for a new webhook" });
    const deliveries = targets.map((target) => testDelivery({ workspaceId, schedule, run, type: destination.type, target, secret }));
    // The test carries what a real delivery carries, the recipient's own link to the report included.
    const links = await issueReportLinks(tx, deliveries, { persisted: false });
    return { deliveries: deliveries.map((delivery) => ({ ...delivery, report_link: links.get(delivery.id) ?? null })), report };
  });

  const at = new Date();
  const renderReportEmail = createReportEmailRenderer();
  const results = await Promise.all(
    deliveries.map(async (delivery): Promise<DestinationTestResult> => {
      const sent = await sendDelivery(delivery, report, at, renderReportEmail);
      return { target: delivery.target, ok: sent.ok, error: sent.ok ? null : sent.error };
    }),
  );
  await withSystem(db, (tx) =>
    appendAudit(tx, {
      workspaceId,
      actorType: "user",
      actorId: actor.id,
      actorEmail: actor.email,
      action: ACTION,
      entityType: schedule ? "autopilot_schedule" : "workspace",
      entityId: schedule?.id ?? workspaceId,
      level: results.every((r) => r.ok) ? "info" : "warning",
      details: { type: destination.type, recipients: targets.length, sent: results.filter((r) => r.ok).length, errors: results.flatMap((r) => (r.error ? [r.error] : [])).slice(0, 5) },
    }),
  );
  return { results };
}

function testDelivery({
  workspaceId,
  schedule,
  run,
  type,
  target,
  secret,
}: {
  workspaceId: string;
  schedule: ScheduleRow | null;
  run: Run | null;
  type: ReportDelivery["type"];
  target: string;
  secret: string | null;
}): ReportDelivery {
  const now = new Date();
  return {
    id: randomUUID(),
    kind: "report",
    run_id: run?.id ?? null,
    type,
    target,
    is_test: true,
    status: "pending",
    attempts: 1,
    next_attempt_at: now,
    last_error: null,
    provider_ref: null,
    created_at: now,
    sent_at: null,
    workspace_id: workspaceId,
    payload: null,
    schedule_id: schedule?.id ?? null,
    schedule_name: schedule?.schedule_name ?? null,
    time_zone: schedule?.schedule_config.timezone ?? null,
    secret,
    unsubscribe_token: null,
    recipient_is_member: false,
    specification_name: run?.specification_name ?? "Autopilot test",
    cadence: run?.cadence ?? null,
    period_start: run?.period_start ?? null,
    period_end: run?.period_end ?? null,
    frequency_period: run?.frequency_period ?? null,
    item_count: run?.item_count ?? 0,
    run_status: run?.status ?? null,
    run_trigger: run?.trigger ?? null,
    run_error: run?.error ?? null,
  };
}

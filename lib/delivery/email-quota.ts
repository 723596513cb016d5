import "server-only";
import { config } from "@/lib/config";
import type { Queryable } from "@/lib/db/database";
import { takeQuota } from "@/lib/db/rate-limits";

const DAY_SECONDS = 86_400;

/**
 * Emails one workspace may send in a day (its reports, Test runs and "Send a test", not the owners' alerts):
 * AUTOPILOT_EMAILS_PER_WORKSPACE_PER_DAY, counted in Postgres across instances, in a window that starts with the
 * day's first email. Takes up to `wanted` and says how many it may send, and when the day's count starts over.
 */
export function takeWorkspaceEmails(tx: Queryable, { workspaceId, wanted, now }: { workspaceId: string; wanted: number; now: Date }): Promise<{ granted: number; resetAt: Date; limit: number }> {
  const limit = config().AUTOPILOT_EMAILS_PER_WORKSPACE_PER_DAY;
  return takeQuota(tx, { key: `emails-day:${workspaceId}`, windowSeconds: DAY_SECONDS, now, wanted, limit }).then((quota) => ({ ...quota, limit }));
}

/** Why an email waits for the next day's quota. */
export function emailQuotaMessage(limit: number, resetAt: Date): string {
  return `This workspace sent its ${limit} emails for the day (AUTOPILOT_EMAILS_PER_WORKSPACE_PER_DAY); this one goes out after ${resetAt.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

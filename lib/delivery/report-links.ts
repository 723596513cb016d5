import "server-only";
import { appUrl } from "@/lib/config";
import type { Queryable } from "@/lib/db/database";
import { isReportDelivery, type DueDelivery } from "@/lib/db/deliveries";
import { insertReportLinks, type NewReportLink } from "@/lib/db/report-links";
import { hashSecretToken, newSecretToken } from "@/lib/http/secret-token";
import { destinationLabel } from "@/lib/url-host";

/** Where a recipient's link points: a page that shows that one report, no account needed. */
export function reportLinkUrl(token: string): string {
  return `${appUrl()}/r/${token}`;
}

/**
 * Gives each delivery that a person reads (an email, a Slack message) of a report its own link, in the
 * caller's transaction, before anything is sent: a link in a sent message always works until it is revoked
 * or its report is gone. Each attempt gets a new link (the token is never stored, only its hash), so a retry
 * after a crash mid-send leaves the first email's link working too. `persisted`: the deliveries are ledger
 * rows (a "Send a test" is not).
 */
export async function issueReportLinks(tx: Queryable, deliveries: DueDelivery[], { persisted = true } = {}): Promise<Map<string, string>> {
  const urls = new Map<string, string>();
  const links: NewReportLink[] = [];
  for (const delivery of deliveries) {
    if (!isReportDelivery(delivery) || !delivery.run_id || delivery.type === "webhook") continue;
    const token = newSecretToken();
    urls.set(delivery.id, reportLinkUrl(token));
    links.push({
      tokenHash: hashSecretToken(token),
      workspaceId: delivery.workspace_id,
      runId: delivery.run_id,
      deliveryId: persisted ? delivery.id : null,
      recipient: destinationLabel(delivery.type, delivery.target),
    });
  }
  await insertReportLinks(tx, links);
  return urls;
}

/**
 * The same for a batch slot's further reports that were made: each person-read delivery gets its own link to
 * each of them (delivery id → run id → link).
 */
export async function issueBatchReportLinks(tx: Queryable, deliveries: DueDelivery[], further: ReadonlyMap<string, { id: string; status: string }[]>): Promise<Map<string, Map<string, string>>> {
  const urls = new Map<string, Map<string, string>>();
  const links: NewReportLink[] = [];
  for (const delivery of deliveries) {
    if (!isReportDelivery(delivery) || !delivery.run_id || delivery.type === "webhook") continue;
    for (const run of further.get(delivery.run_id) ?? []) {
      if (run.status !== "success") continue;
      const token = newSecretToken();
      if (!urls.has(delivery.id)) urls.set(delivery.id, new Map());
      urls.get(delivery.id)!.set(run.id, reportLinkUrl(token));
      links.push({ tokenHash: hashSecretToken(token), workspaceId: delivery.workspace_id, runId: run.id, deliveryId: delivery.id, recipient: destinationLabel(delivery.type, delivery.target) });
    }
  }
  await insertReportLinks(tx, links);
  return urls;
}

import "server-only";
import { listDeliveriesOfRuns, type Delivery } from "@/lib/db/deliveries";
import type { Queryable } from "@/lib/db/database";
import type { Run } from "@/lib/db/runs";
import { summarizeDeliveries, type DeliverySummary } from "./delivery-summary";

export type RunWithDeliveries = Run & { deliveries: Delivery[]; delivery_summary: DeliverySummary };

/** Each run with its deliveries (destination, status, attempts, last error, times), in one query for the page. */
export async function withDeliveries<Page extends { items: Run[] }>(
  tx: Queryable,
  workspaceId: string,
  page: Page,
): Promise<Omit<Page, "items"> & { items: RunWithDeliveries[] }> {
  const deliveries = await listDeliveriesOfRuns(tx, { workspaceId, runIds: page.items.map((run) => run.id) });
  return { ...page, items: page.items.map((run) => {
    const own = deliveries.filter((d) => d.run_id === run.id);
    return { ...run, deliveries: own, delivery_summary: summarizeDeliveries(own) };
  }) };
}

import "server-only";
import { runAsUser } from "@/lib/db/run-as";
import { asServer, type Actor } from "@/lib/db/transactions";
import { requireWorkspace } from "@/lib/workspaces/workspace-access";
import { summaryUsage } from "./write-summary";

/** A workspace's editor's-summary tokens this month (UTC) against its budget; null when no model is configured. */
export function getSummaryUsage(actor: Actor, workspaceId: string, now = new Date()) {
  return runAsUser(actor, async (tx) => {
    await requireWorkspace(tx, actor, workspaceId, "read");
    return asServer(tx, () => summaryUsage(tx, { workspaceId, now }));
  });
}

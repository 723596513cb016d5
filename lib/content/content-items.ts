import "server-only";
import { listContentItems, upsertContentItems } from "@/lib/db/content-items";
import { runAsUser } from "@/lib/db/run-as";
import type { Actor } from "@/lib/db/transactions";
import type { ContentItemInput, ContentListQuery } from "@/lib/validation/content-item";
import { requireWorkspace } from "@/lib/workspaces/workspace-access";
import { AppError } from "@/lib/errors/app-error";
import { WORK_CAPS } from "@/lib/workspaces/work-caps";

/** Imports a validated batch in one statement: all of it or (on any error) none of it. */
export function importContentItems(actor: Actor, workspaceId: string, items: ContentItemInput[]) {
  return runAsUser(actor, async (tx) => {
    await requireWorkspace(tx, actor, workspaceId, "member");
    const max = WORK_CAPS.contentItemsPerWorkspace;
    const outcome = await upsertContentItems(tx, { workspaceId, items, limit: { max, overflow: "refuse" } });
    if ("refused" in outcome) {
      throw new AppError("conflict", `A workspace keeps at most ${max} content items; it has ${outcome.refused.stored}`, {
        items: `At most ${outcome.refused.fits} more items fit in this workspace`,
      });
    }
    return { inserted: outcome.inserted, updated: outcome.updated };
  });
}

export function listWorkspaceContent(actor: Actor, workspaceId: string, query: ContentListQuery) {
  return runAsUser(actor, async (tx) => {
    await requireWorkspace(tx, actor, workspaceId, "read");
    return listContentItems(tx, { workspaceId, query });
  });
}

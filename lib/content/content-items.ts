import "server-only";
import { listContentItems, upsertContentItems } from "@/lib/db/content-items";
import { runAsUser } from "@/lib/db/run-as";
import type { Actor } from "@/lib/db/transactions";
import type { ContentItemInput, ContentListQuery } from "@/lib/validation/content-item";
import { requireWorkspace } from "@/lib/workspaces/workspace-access";
import { countContentItems } from "@/lib/db/work-caps";
import { AppError } from "@/lib/errors/app-error";
import { WORK_CAPS } from "@/lib/workspaces/work-caps";

/** Imports a validated batch in one statement: all of it or (on any error) none of it. */
export function importContentItems(actor: Actor, workspaceId: string, items: ContentItemInput[]) {
  return runAsUser(actor, async (tx) => {
    await requireWorkspace(tx, actor, workspaceId, "member");
    const stored = await countContentItems(tx, workspaceId);
    if (stored + items.length > WORK_CAPS.contentItemsPerWorkspace) {
      throw new AppError("conflict", `A workspace keeps at most ${WORK_CAPS.contentItemsPerWorkspace} content items; it has ${stored}`, {
        items: `At most ${WORK_CAPS.contentItemsPerWorkspace - stored} more items fit in this workspace`,
      });
    }
    return upsertContentItems(tx, { workspaceId, items });
  });
}

export function listWorkspaceContent(actor: Actor, workspaceId: string, query: ContentListQuery) {
  return runAsUser(actor, async (tx) => {
    await requireWorkspace(tx, actor, workspaceId, "read");
    return listContentItems(tx, { workspaceId, query });
  });
}

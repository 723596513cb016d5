import "server-only";
import { findItemsByKeys, type ContentItem } from "@/lib/db/content-items";
import type { Queryable } from "@/lib/db/database";
import { findLastReportKeys } from "@/lib/db/runs";

/** Dropped items named in a report, at most (the rest are counted). */
const DROPPED_LISTED = 20;

/** What a report holds that its schedule's previous report did not, and what that one held that this one does not. */
export interface ReportChanges {
  /** When the previous report was made. */
  since: Date;
  /** Fingerprints of the items new in this report. */
  newKeys: Set<string>;
  droppedCount: number;
  /** The dropped items still stored, newest first, at most twenty. */
  dropped: ContentItem[];
}

/**
 * Compares a schedule's report with its previous successful report, by the items' fingerprints (both as
 * shown). Null for a report with no schedule or no previous report.
 */
export async function reportChanges(
  tx: Queryable,
  { workspaceId, scheduleId, specificationId, keys }: { workspaceId: string; scheduleId: string | null; specificationId: string | null; keys: string[] },
): Promise<ReportChanges | null> {
  if (!scheduleId) return null;
  const previous = await findLastReportKeys(tx, { workspaceId, scheduleId, specificationId });
  if (!previous) return null;
  const before = new Set(previous.item_keys);
  const now = new Set(keys);
  const droppedKeys = previous.item_keys.filter((key) => !now.has(key));
  return {
    since: previous.finished_at,
    newKeys: new Set(keys.filter((key) => !before.has(key))),
    droppedCount: droppedKeys.length,
    dropped: await findItemsByKeys(tx, { workspaceId, keys: droppedKeys, limit: DROPPED_LISTED }),
  };
}

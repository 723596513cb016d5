import type { ReportDigest } from "@/lib/db/report-files";
import type { ReportSection } from "./select-items";
import { itemKeyOf } from "./new-content";
import type { ReportChanges } from "./report-changes";

const ITEMS_PER_SECTION = 10;
const SUMMARY_CHARS = 300;

/** What deliveries show of a report: per section its count, newest items and what is new; what changed overall. */
export function reportDigest(sections: ReportSection[], changes: ReportChanges | null = null): ReportDigest {
  const isNew = (url: string) => changes?.newKeys.has(itemKeyOf(url)) ?? false;
  return {
    changes: changes && {
      since: changes.since.toISOString(),
      new_count: changes.newKeys.size,
      dropped_count: changes.droppedCount,
      dropped: changes.dropped.slice(0, ITEMS_PER_SECTION).map((item) => ({ title: item.title, url: item.url })),
    },
    sections: sections.map((section) => {
      const newestFirst = [...section.regions.values()].flat().sort((a, b) => b.published_at.getTime() - a.published_at.getTime());
      const seen = new Set<string>();
      const items = newestFirst.filter((item) => !seen.has(item.url) && seen.add(item.url)).slice(0, ITEMS_PER_SECTION);
      const shown = [...new Set([...section.regions.values()].flat().map((item) => item.url))];
      return {
        category: section.category.name,
        count: section.count,
        ...(changes ? { new_count: shown.filter(isNew).length } : {}),
        items: items.map((item) => ({
          title: item.title,
          url: item.url,
          summary: item.summary.length > SUMMARY_CHARS ? `${item.summary.slice(0, SUMMARY_CHARS - 1)}…` : item.summary,
          source: item.source,
          ...(changes ? { new: isNew(item.url) } : {}),
        })),
      };
    }),
  };
}

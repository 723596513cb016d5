import type { ReportDigest } from "@/lib/db/report-files";
import type { ReportSection } from "./select-items";

const ITEMS_PER_SECTION = 10;
const SUMMARY_CHARS = 300;

export function reportDigest(sections: ReportSection[]): ReportDigest {
  return {
    sections: sections.map((section) => {
      const newestFirst = [...section.regions.values()].flat().sort((a, b) => b.published_at.getTime() - a.published_at.getTime());
      const seen = new Set<string>();
      const items = newestFirst.filter((item) => !seen.has(item.url) && seen.add(item.url)).slice(0, ITEMS_PER_SECTION);
      return {
        category: section.category.name,
        count: section.count,
        items: items.map((item) => ({
          title: item.title,
          url: item.url,
          summary: item.summary.length > SUMMARY_CHARS ? `${item.summary.slice(0, SUMMARY_CHARS - 1)}…` : item.summary,
          source: item.source,
        })),
      };
    }),
  };
}

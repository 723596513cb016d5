import type { ContentItem } from "@/lib/db/content-items";
import type { Category } from "@/lib/validation/specification";

export interface ReportSection {
  category: Category;
  /** Region name → its items, newest first; every selected region is present, possibly empty. */
  regions: Map<string, ContentItem[]>;
  count: number;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Whole-word, case-insensitive keyword matchers ("ai" matches "AI chips", not "said"). */
function keywordMatcher(keywords: string[]): RegExp | null {
  const words = keywords.map((k) => k.trim()).filter(Boolean);
  if (words.length === 0) return null;
  return new RegExp(`(?:^|[^\\p{L}\\p{N}])(?:${words.map(escapeRegExp).join("|")})(?:$|[^\\p{L}\\p{N}])`, "iu");
}

/**
 * Sorts items into the selected categories × regions. An item belongs to its own category and to every
 * other selected category whose keywords appear in its title or summary.
 */
export function selectItems(items: ContentItem[], categories: Category[], regions: string[]): ReportSection[] {
  return categories.map((category) => {
    const matcher = keywordMatcher(category.keywords);
    const byRegion = new Map<string, ContentItem[]>(regions.map((region) => [region, []]));
    let count = 0;
    for (const item of items) {
      const bucket = byRegion.get(item.region);
      if (!bucket) continue;
      if (item.category_id === category.id || (matcher && (matcher.test(item.title) || matcher.test(item.summary)))) {
        bucket.push(item);
        count++;
      }
    }
    return { category, regions: byRegion, count };
  });
}

import type { ContentItem } from "@/lib/db/content-items";
import type { Category } from "@/lib/validation/specification";

export interface ReportSection {
  category: Category;
  /** Region name → the items the report shows, newest first; every selected region is present, possibly empty. */
  regions: Map<string, ContentItem[]>;
  /** Region name → how many items of the period belong there (the shown ones and those left out). */
  totals: Map<string, number>;
  /** Items of the period in this category, across the regions (shown or not). */
  count: number;
}

/** How many items a report shows: so many per category × region, so many in all. */
export interface ReportBounds {
  perSection: number;
  total: number;
}

/** One matched item as the database returns it: which category (by position) and its place in its region. */
export interface MatchedItem {
  category_index: number;
  region_total: number;
  item: ContentItem;
}

/**
 * A category's keywords as one case-insensitive Postgres regular expression matching whole words ("ai" matches
 * "AI chips", not "said"), or null when it has none. Every character but letters, digits and spaces is
 * escaped, so a keyword is always literal text.
 */
export function keywordPattern(keywords: string[]): string | null {
  const words = keywords.map((k) => k.trim()).filter(Boolean);
  if (words.length === 0) return null;
  const literal = (word: string) => word.replace(/[^\p{L}\p{N}\s]/gu, (ch) => `\\${ch}`);
  return `(^|[^[:alnum:]])(${words.map(literal).join("|")})($|[^[:alnum:]])`;
}

/**
 * Builds the report's sections from the matched items (each region's newest first, already at most
 * `perSection`), then trims them to `bounds.total` in all: every section keeps an equal share, and what a small
 * section does not use goes to the larger ones.
 */
export function buildSections(matched: MatchedItem[], categories: Category[], regions: string[], bounds: ReportBounds): ReportSection[] {
  const sections = categories.map((category) => ({
    category,
    regions: new Map<string, ContentItem[]>(regions.map((region) => [region, []])),
    totals: new Map<string, number>(regions.map((region) => [region, 0])),
    count: 0,
  }));
  for (const { category_index, region_total, item } of matched) {
    const section = sections[category_index];
    const shown = section?.regions.get(item.region);
    if (!shown) continue;
    if (shown.length === 0) {
      section.totals.set(item.region, region_total);
      section.count += region_total;
    }
    if (shown.length < bounds.perSection) shown.push(item);
  }
  const lists = sections.flatMap((section) => [...section.regions.values()]);
  const quotas = fairShares(lists.map((list) => list.length), bounds.total);
  lists.forEach((list, index) => list.splice(quotas[index]));
  return sections;
}

/** Splits `total` among lists of the given sizes: equal shares, a list's unused share going to the others. */
function fairShares(sizes: number[], total: number): number[] {
  const quotas = sizes.map(() => 0);
  let left = total;
  let open = sizes.map((_, index) => index).filter((index) => sizes[index] > 0);
  while (left > 0 && open.length > 0) {
    const share = Math.max(1, Math.floor(left / open.length));
    for (const index of open) {
      const add = Math.min(share, sizes[index] - quotas[index], left);
      quotas[index] += add;
      left -= add;
      if (left === 0) break;
    }
    open = open.filter((index) => quotas[index] < sizes[index]);
  }
  return quotas;
}

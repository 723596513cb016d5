import { describe, expect, it } from "vitest";
import type { ContentItem } from "@/lib/db/content-items";
import { renderReport } from "@/lib/generator/render-report";
import { buildSections, keywordPattern } from "@/lib/generator/select-items";
import type { Category } from "@/lib/validation/specification";

function item(overrides: Partial<ContentItem>): ContentItem {
  return {
    id: "x",
    workspace_id: "w",
    category_id: "ai",
    region: "Europe",
    title: "A title",
    url: "https://example.com/a",
    summary: "",
    published_at: new Date("2026-11-25T10:00:00Z"),
    source: "Example",
    created_at: new Date(),
    ...overrides,
  };
}

const categories = [
  { id: "ai", name: "AI", keywords: ["llm"] },
  { id: "security", name: "Security", keywords: ["breach"] },
];

const context = {
  specificationName: "Briefing",
  cadence: "weekly" as const,
  periodStart: new Date("2026-11-19T09:00:00Z"),
  periodEnd: new Date("2026-11-26T09:00:00Z"),
  timeZone: "Europe/Berlin",
  generatedAt: new Date("2026-11-26T09:00:05Z"),
  generatedBy: "alice@example.com",
  regions: ["Europe", "Asia"],
  notes: [],
};

/** Sections as the database would return them, each item under its own category (newest first in the input order). */
function selectItems(items: ContentItem[], categories: Category[], regions: string[], bounds = { perSection: 50, total: 2000 }) {
  const matched = categories.flatMap((category, category_index) =>
    regions.flatMap((region) => {
      const here = items.filter((i) => i.category_id === category.id && i.region === region);
      return here.slice(0, bounds.perSection).map((item) => ({ category_index, region_total: here.length, item }));
    }),
  );
  return buildSections(matched, categories, regions, bounds);
}

describe("bounding a report", () => {
  const many = (category_id: string, region: string, n: number) =>
    Array.from({ length: n }, (_, i) => item({ id: `${category_id}-${region}-${i}`, category_id, region, url: `https://example.com/${category_id}/${region}/${i}` }));

  it("shows at most so many items per section and in all, sharing the total fairly, and says how many more there were", () => {
    const items = [...many("ai", "Europe", 30), ...many("ai", "Asia", 2), ...many("security", "Europe", 30)];
    const sections = selectItems(items, categories, ["Europe", "Asia"], { perSection: 20, total: 32 });
    const shown = sections.map((s) => [s.regions.get("Europe")!.length, s.regions.get("Asia")!.length]);
    // 32 shared by three non-empty lists: Asia's 2, then 15 each for the two larger ones.
    expect(shown).toEqual([[15, 2], [15, 0]]);
    expect(sections.map((s) => s.count)).toEqual([32, 30]);
    const html = renderReport(sections, context);
    expect(html).toContain("Summary: 62 items (the newest 32 shown)");
    expect(html).toContain("and 15 more items in this period, not shown (this report shows the newest 15)");
    expect(html.match(/<li /g)).toHaveLength(32);
  });

  it("cuts long titles and summaries, so a report's size follows its number of items", () => {
    const html = renderReport(selectItems([item({ title: "T".repeat(5000), summary: "S".repeat(50_000) })], categories, ["Europe"]), { ...context, regions: ["Europe"] });
    expect(html).toContain(`${"T".repeat(299)}…`);
    expect(html).not.toContain("T".repeat(300));
    expect(html.length).toBeLessThan(6000);
  });

  it("turns keywords into a whole-word pattern in which every symbol is literal", () => {
    expect(keywordPattern([])).toBeNull();
    expect(keywordPattern([" ", ""])).toBeNull();
    expect(keywordPattern(["llm", "c++", "a.b"])).toBe("(^|[^[:alnum:]])(llm|c\\+\\+|a\\.b)($|[^[:alnum:]])");
  });
});

describe("rendering", () => {
  it("shows the header, the period with its zone, counts per category and region, and empty sections", () => {
    const html = renderReport(selectItems([item({ title: "Chips" })], categories, ["Europe", "Asia"]), context);
    expect(html).toContain("<h1");
    expect(html).toContain("Briefing");
    expect(html).toContain("2026-11-19 10:00 (Europe/Berlin) – 2026-11-26 10:00 (Europe/Berlin)");
    expect(html).toContain("Generated 2026-11-26 10:00 (Europe/Berlin) by alice@example.com");
    expect(html).toContain("Summary: 1 item");
    expect(html).toContain("No new items");
    expect(html).toMatch(/<a href="https:\/\/example.com\/a" rel="noopener noreferrer"/);
  });

  it("escapes every piece of text and drops scripts, javascript: links and event handlers from content", () => {
    const evil = item({
      title: `<script>alert(1)</script><img src=x onerror="alert(2)">`,
      summary: `"><svg onload=alert(3)>`,
      source: `<iframe src="javascript:alert(4)">`,
      url: "javascript:alert(5)",
    });
    const html = renderReport(selectItems([evil], [{ id: "ai", name: `<b onclick="x()">AI</b>`, keywords: [] }], ["Europe"]), {
      ...context,
      specificationName: `</title><script>alert(6)</script>`,
      regions: ["Europe"],
      notes: [`<script>alert(7)</script>`],
    });
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img|<svg|<iframe|<b /i);
    expect(html).not.toMatch(/<[a-z][^>]*\son\w+\s*=/i); // no tag carries an event-handler attribute
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&lt;/title&gt;&lt;script&gt;alert(6)&lt;/script&gt;");
  });
});

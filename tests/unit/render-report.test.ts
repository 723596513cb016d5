import { describe, expect, it } from "vitest";
import type { ContentItem } from "@/lib/db/content-items";
import { renderReport } from "@/lib/generator/render-report";
import { selectItems } from "@/lib/generator/select-items";

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

describe("selecting items", () => {
  it("puts an item in its own category and in every category whose keyword it mentions, by whole word", () => {
    const items = [
      item({ id: "1", title: "New LLM released", category_id: "ai" }),
      item({ id: "2", title: "Breach at a bank", category_id: "ai", summary: "an llm leaked data" }),
      item({ id: "3", title: "The breaching whale", category_id: "other" }), // "breaching" is not "breach"
      item({ id: "4", title: "Outside the selection", region: "Mars" }),
    ];
    const [ai, security] = selectItems(items, categories, ["Europe", "Asia"]);
    expect(ai.regions.get("Europe")!.map((i) => i.id)).toEqual(["1", "2"]);
    expect(security.regions.get("Europe")!.map((i) => i.id)).toEqual(["2"]);
    expect(ai.regions.get("Asia")).toEqual([]);
    expect([ai.count, security.count]).toEqual([2, 1]);
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

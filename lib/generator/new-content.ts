import { createHash } from "node:crypto";
import type { ReportSection } from "./select-items";

/** A short fingerprint per item a report holds (by its link, as content items are unique per link). */
export function itemKeysOf(sections: ReportSection[]): string[] {
  const urls = new Set(sections.flatMap((section) => [...section.regions.values()].flat().map((item) => item.url)));
  return [...urls].map((url) => createHash("sha256").update(url).digest("hex").slice(0, 16)).sort();
}

/** Whether a report would hold any item the previous report did not (an empty one holds nothing new). */
export function hasNewItems(keys: string[], previous: string[]): boolean {
  const seen = new Set(previous);
  return keys.some((key) => !seen.has(key));
}

import { createHash } from "node:crypto";
import type { ReportSection } from "./select-items";

/** An item's short fingerprint, by its link (content items are unique per link); the database computes the same. */
export function itemKeyOf(url: string): string {
  return createHash("sha256").update(url).digest("hex").slice(0, 16);
}

/** The fingerprints of the items a report holds. */
export function itemKeysOf(sections: ReportSection[]): string[] {
  const urls = new Set(sections.flatMap((section) => [...section.regions.values()].flat().map((item) => item.url)));
  return [...urls].map(itemKeyOf).sort();
}

/** Whether a report would hold any item the previous report did not (an empty one holds nothing new). */
export function hasNewItems(keys: string[], previous: string[]): boolean {
  const seen = new Set(previous);
  return keys.some((key) => !seen.has(key));
}

import "server-only";
import { parseFeed } from "@rowanmanning/feed-parser";
import type { ContentItemInput } from "@/lib/validation/content-item";
import { GLOBAL_REGION, type Feed } from "@/lib/validation/specification";
import { safeHttpUrl } from "../html";
import { FeedFetchError, safeFetchText, type SafeFetchLimits, FEED_LIMITS } from "./safe-fetch";

const MAX_ITEMS_PER_FEED = 500;

/** Feed HTML is reduced to plain text: the report escapes it anyway, and markup has no place in a summary. */
function plainText(html: string | null, max: number): string {
  if (!html) return "";
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, max);
}

/** Fetches and parses one feed into content items for its category (and region, else "Global"). */
export async function fetchFeedItems(feed: Feed, now: Date, limits: SafeFetchLimits = FEED_LIMITS): Promise<ContentItemInput[]> {
  const body = await safeFetchText(feed.url, limits);
  let parsed;
  try {
    parsed = parseFeed(body);
  } catch {
    throw new FeedFetchError("not an RSS or Atom feed");
  }
  const source = plainText(parsed.title, 200) || new URL(feed.url).hostname;
  const items: ContentItemInput[] = [];
  for (const entry of parsed.items.slice(0, MAX_ITEMS_PER_FEED)) {
    const url = entry.url ? safeHttpUrl(entry.url) : null;
    const title = plainText(entry.title, 500);
    if (!url || !title || url.length > 2000) continue; // an entry without a safe link or a title is not reportable
    const published = entry.published ?? entry.updated ?? now;
    items.push({
      category_id: feed.category_id,
      region: feed.region ?? GLOBAL_REGION,
      title,
      url,
      summary: plainText(entry.description ?? entry.content, 1000),
      published_at: (published.getTime() > now.getTime() ? now : published).toISOString(),
      source,
    });
  }
  return items;
}

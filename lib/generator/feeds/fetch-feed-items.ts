import "server-only";
import type { ContentItemInput } from "@/lib/validation/content-item";
import { GLOBAL_REGION, type Feed } from "@/lib/validation/specification";
import { loadFeed } from "./feed-cache";

/**
 * A feed's entries as content items of its category (and region, else "Global"); never dated after `now`.
 * The request counts against `workspaceId`'s share of the connections.
 */
export async function fetchFeedItems(feed: Feed, now: Date, workspaceId = ""): Promise<ContentItemInput[]> {
  const { source, entries } = await loadFeed(feed.url, { workspaceId });
  return entries.map((entry) => {
    const published = entry.published ?? now;
    return {
      category_id: feed.category_id,
      region: feed.region ?? GLOBAL_REGION,
      title: entry.title,
      url: entry.url,
      summary: entry.summary,
      published_at: (published.getTime() > now.getTime() ? now : published).toISOString(),
      source,
    };
  });
}

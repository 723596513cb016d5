import "server-only";
import { parseFeed } from "@rowanmanning/feed-parser";
import { LRUCache } from "lru-cache";
import pLimit from "p-limit";
import { config } from "@/lib/config";
import { safeHttpUrl } from "../html";
import { plainText } from "./plain-text";
import { FEED_LIMITS, FeedFetchError, safeFetchConditional, type Validators } from "./safe-fetch";

const MAX_ENTRIES_PER_FEED = 500;
/** A copy past its freshness is still kept this long for its validators (a conditional request costs a 304). */
const KEEP_FOR_VALIDATORS_MS = 24 * 3_600_000;
/** Open feed requests per process, whatever the tick's concurrency: sockets and memory stay bounded. */
const MAX_OPEN_REQUESTS = 256;
/**
 * One workspace's share of them: its requests wait for a place of its own before they may take a place of the
 * process's, so a workspace's slow or hanging feeds hold at most a quarter of the connections.
 */
const OPEN_REQUESTS_PER_WORKSPACE = MAX_OPEN_REQUESTS / 4;

export interface FeedEntry {
  url: string;
  title: string;
  summary: string;
  published: Date | null;
}

export interface ParsedFeed {
  source: string;
  entries: FeedEntry[];
}

interface CachedFeed extends Validators {
  feed: ParsedFeed;
  fetchedAt: number;
}

/** What a cached feed costs in memory: its text (two bytes a character) and a fixed overhead per string. */
function cachedBytes(entry: CachedFeed): number {
  const text = (value: string | undefined) => 2 * (value?.length ?? 0) + 64;
  return text(entry.feed.source) + text(entry.etag) + text(entry.lastModified) + entry.feed.entries.reduce((sum, e) => sum + text(e.url) + text(e.title) + text(e.summary) + 32, 64);
}

let cache: LRUCache<string, CachedFeed> | undefined;
let cacheMegabytes = 0;
/** Least recently used feeds go first once the cache holds AUTOPILOT_FEED_CACHE_MB; none is kept longer than a day. */
function feedCache(): LRUCache<string, CachedFeed> {
  const megabytes = config().AUTOPILOT_FEED_CACHE_MB;
  if (!cache || cacheMegabytes !== megabytes) {
    cache = new LRUCache<string, CachedFeed>({ maxSize: megabytes * 1024 * 1024, sizeCalculation: cachedBytes, ttl: KEEP_FOR_VALIDATORS_MS });
    cacheMegabytes = megabytes;
  }
  return cache;
}

/** How many feeds the cache holds and their size in bytes, as counted against AUTOPILOT_FEED_CACHE_MB. */
export function feedCacheUsage(): { feeds: number; bytes: number } {
  const current = feedCache();
  return { feeds: current.size, bytes: current.calculatedSize };
}
const inFlight = new Map<string, Promise<ParsedFeed>>();
let openRequests = pLimit(MAX_OPEN_REQUESTS);
let perWorkspaceLimit = OPEN_REQUESTS_PER_WORKSPACE;
const workspaceRequests = new Map<string, ReturnType<typeof pLimit>>();

/** For tests: fewer connections, to show one workspace's hanging feeds cannot hold the others'. */
export function limitFeedConnections(total: number, perWorkspace: number): void {
  openRequests = pLimit(total);
  perWorkspaceLimit = perWorkspace;
  workspaceRequests.clear();
}

/** Runs `work` in one of the workspace's places, then one of the process's; the workspace's queue is dropped when empty. */
function inWorkspaceShare<T>(workspaceId: string, work: () => Promise<T>): Promise<T> {
  let limit = workspaceRequests.get(workspaceId);
  if (!limit) {
    limit = pLimit(perWorkspaceLimit);
    workspaceRequests.set(workspaceId, limit);
  }
  const own = limit;
  return own(() => openRequests(work)).finally(() => {
    if (own.activeCount === 0 && own.pendingCount === 0 && workspaceRequests.get(workspaceId) === own) workspaceRequests.delete(workspaceId);
  });
}

function parse(url: string, body: string): ParsedFeed {
  let parsed;
  try {
    parsed = parseFeed(body);
  } catch {
    throw new FeedFetchError("not an RSS or Atom feed");
  }
  const entries: FeedEntry[] = [];
  for (const entry of parsed.items.slice(0, MAX_ENTRIES_PER_FEED)) {
    const link = entry.url ? safeHttpUrl(entry.url) : null;
    const title = plainText(entry.title, 500);
    if (!link || !title || link.length > 2000) continue; // an entry without a safe link or a title is not reportable
    entries.push({ url: link, title, summary: plainText(entry.description ?? entry.content, 1000), published: entry.published ?? entry.updated ?? null });
  }
  return { source: plainText(parsed.title, 200) || new URL(url).hostname, entries };
}

function remember(url: string, entry: CachedFeed): void {
  feedCache().set(url, entry);
}

/**
 * A feed, fetched once however many reports use it: concurrent requests for one URL share a single fetch,
 * and a fetched feed is used for AUTOPILOT_FEED_CACHE_SECONDS (0: not kept). After that the next request is
 * conditional (ETag / Last-Modified), so an unchanged feed costs the publisher a 304. The cache is bounded by
 * bytes and by age. The fetch's time limit counts from this call, the wait for a free connection included,
 * and `workspaceId`'s requests take at most its share of the connections.
 */
export function loadFeed(url: string, { workspaceId = "", timeoutMs = FEED_LIMITS.timeoutMs }: { workspaceId?: string; timeoutMs?: number } = {}): Promise<ParsedFeed> {
  const started = Date.now();
  const ttlMs = config().AUTOPILOT_FEED_CACHE_SECONDS * 1000;
  const cached = feedCache().get(url);
  if (cached && Date.now() - cached.fetchedAt < ttlMs) return Promise.resolve(cached.feed);
  const pending = inFlight.get(url);
  if (pending) return pending;
  const work = inWorkspaceShare(workspaceId, async () => {
    const left = started + timeoutMs - Date.now();
    if (left <= 0) throw new FeedFetchError(`no answer within ${timeoutMs / 1000} s (it waited for a free connection)`);
    const response = await safeFetchConditional(url, cached ?? {}, { ...FEED_LIMITS, timeoutMs: left });
    if (response.status === 304 && cached) {
      if (ttlMs > 0) remember(url, { ...cached, fetchedAt: Date.now() });
      return cached.feed;
    }
    const feed = parse(url, response.body);
    if (ttlMs > 0) remember(url, { feed, fetchedAt: Date.now(), etag: response.etag, lastModified: response.lastModified });
    return feed;
  }).finally(() => inFlight.delete(url));
  inFlight.set(url, work);
  return work;
}

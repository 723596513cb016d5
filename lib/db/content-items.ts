import "server-only";
import type { ContentItemInput, ContentListQuery } from "@/lib/validation/content-item";
import type { Queryable } from "./database";
import { containsPattern } from "./like-pattern";

export interface ContentItem {
  id: string;
  workspace_id: string;
  category_id: string;
  region: string;
  title: string;
  url: string;
  summary: string;
  published_at: Date;
  source: string;
  created_at: Date;
}

/** One item a report shows: the category it is shown under (by position), and how many its region has there. */
export interface MatchedItem {
  category_index: number;
  region_total: number;
  item: ContentItem;
}

const COLUMNS = "id, workspace_id, category_id, region, title, url, summary, published_at, source, created_at";

/** Serializes the writes of one workspace's items for this transaction, so the cap on stored items holds. */
async function lockWorkspaceItems(tx: Queryable, workspaceId: string): Promise<void> {
  await tx.query("select pg_advisory_xact_lock(hashtextextended('content_items:' || $1, 0))", [workspaceId]);
}

export interface StoreLimit {
  /** Items the workspace may hold. */
  max: number;
  /** "refuse": a batch whose new items do not fit stores nothing; "keep_newest": the newest that fit are stored. */
  overflow: "refuse" | "keep_newest";
}

export type StoreOutcome = { inserted: number; updated: number; dropped: number } | { refused: { stored: number; fits: number } };

/**
 * Inserts or refreshes items in one statement (one row per workspace and url); a batch that repeats a url keeps
 * its last occurrence. With a limit, the workspace's items are counted under a lock held to the end of the
 * transaction, so parallel batches cannot pass the limit together; refreshing a stored url always fits.
 */
export async function upsertContentItems(
  tx: Queryable,
  { workspaceId, items, limit }: { workspaceId: string; items: ContentItemInput[]; limit?: StoreLimit },
): Promise<StoreOutcome> {
  if (items.length === 0) return { inserted: 0, updated: 0, dropped: 0 };
  let unique = [...new Map(items.map((item) => [item.url, item])).values()];
  let dropped = 0;
  if (limit) {
    await lockWorkspaceItems(tx, workspaceId);
    const { rows } = await tx.query<{ stored: number; known: string[] }>(
      `select (select count(*)::int from public.content_items where workspace_id = $1) as stored,
              coalesce((select array_agg(url) from public.content_items where workspace_id = $1 and url = any($2::text[])), '{}') as known`,
      [workspaceId, unique.map((item) => item.url)],
    );
    const known = new Set(rows[0].known);
    const fresh = unique.filter((item) => !known.has(item.url));
    const fits = Math.max(0, limit.max - rows[0].stored);
    if (fresh.length > fits) {
      if (limit.overflow === "refuse") return { refused: { stored: rows[0].stored, fits } };
      const kept = new Set(fresh.sort((a, b) => new Date(b.published_at).getTime() - new Date(a.published_at).getTime()).slice(0, fits));
      dropped = fresh.length - kept.size;
      unique = unique.filter((item) => known.has(item.url) || kept.has(item));
      if (unique.length === 0) return { inserted: 0, updated: 0, dropped };
    }
  }
  const { rows } = await tx.query<{ inserted: boolean }>(
    `insert into public.content_items (workspace_id, category_id, region, title, url, summary, published_at, source)
     select $1, i.category_id, i.region, i.title, i.url, coalesce(i.summary, ''), i.published_at, coalesce(i.source, '')
     from jsonb_to_recordset($2::jsonb) as i(category_id text, region text, title text, url text, summary text,
                                            published_at timestamptz, source text)
     on conflict (workspace_id, url) do update set
       category_id = excluded.category_id, region = excluded.region, title = excluded.title,
       summary = excluded.summary, published_at = excluded.published_at, source = excluded.source
     returning (xmax = 0) as inserted`,
    [workspaceId, JSON.stringify(unique)],
  );
  const inserted = rows.filter((row) => row.inserted).length;
  return { inserted, updated: rows.length - inserted, dropped };
}

export async function listContentItems(
  tx: Queryable,
  { workspaceId, query }: { workspaceId: string; query: ContentListQuery },
): Promise<{ items: ContentItem[]; total: number }> {
  const where = ["workspace_id = $1"];
  const params: unknown[] = [workspaceId];
  if (query.category_id) where.push(`category_id = $${params.push(query.category_id)}`);
  if (query.region) where.push(`region = $${params.push(query.region)}`);
  if (query.q) where.push(`(title ilike $${params.push(containsPattern(query.q))} or summary ilike $${params.length})`);
  const filter = where.join(" and ");
  const total = await tx.query<{ n: number }>(`select count(*)::int as n from public.content_items where ${filter}`, params);
  const { rows } = await tx.query<ContentItem>(
    `select ${COLUMNS} from public.content_items where ${filter}
     order by published_at desc, id limit $${params.length + 1} offset $${params.length + 2}`,
    [...params, query.limit, query.offset],
  );
  return { items: rows, total: total.rows[0].n };
}

/**
 * The items a report shows: for each category (its own items and those whose title or summary matches its
 * keyword pattern) and region, the newest `perSection` published in (start, end], with how many there were in
 * all. Only the shown items leave the database, so a report's memory does not grow with the workspace's items.
 */
export async function listReportItems(
  tx: Queryable,
  {
    workspaceId,
    categories,
    regions,
    start,
    end,
    perSection,
  }: { workspaceId: string; categories: { id: string; pattern: string | null }[]; regions: string[]; start: Date; end: Date; perSection: number },
): Promise<MatchedItem[]> {
  if (categories.length === 0 || regions.length === 0) return [];
  const { rows } = await tx.query<ContentItem & { category_index: number; region_total: number }>(
    // One category at a time (the lateral join keeps the category outermost, so each keyword pattern is compiled
    // once rather than per item), its matches ranked per region.
    `with wanted as (
       select (c.ord - 1)::int as category_index, c.category_id, c.pattern
       from unnest($5::text[], $6::text[]) with ordinality as c(category_id, pattern, ord)
     )
     select w.category_index, m.region_total::int as region_total, ${COLUMNS.split(", ").map((c) => `i.${c}`).join(", ")}
     from wanted w
     cross join lateral (
       select ranked.id, ranked.region, ranked.rank, ranked.region_total
       from (
         select c.id, c.region,
                row_number() over (partition by c.region order by c.published_at desc, c.id) as rank,
                count(*) over (partition by c.region) as region_total
         from public.content_items c
         where c.workspace_id = $1 and c.region = any($2::text[]) and c.published_at > $3 and c.published_at <= $4
           and (c.category_id = w.category_id or (w.pattern is not null and (c.title || E'\\n' || c.summary) ~* w.pattern))
       ) ranked
       where ranked.rank <= $7
     ) m
     join public.content_items i on i.id = m.id
     order by w.category_index, m.region, m.rank`,
    [workspaceId, regions, start, end, categories.map((c) => c.id), categories.map((c) => c.pattern), perSection],
  );
  return rows.map(({ category_index, region_total, ...item }) => ({ category_index, region_total, item }));
}

/**
 * Items of the workspace by their fingerprints (the first 16 hex digits of their link's SHA-256, as reports
 * store them), newest first, at most `limit`: what a report no longer holds. Items since deleted are not found.
 */
export async function findItemsByKeys(tx: Queryable, { workspaceId, keys, limit }: { workspaceId: string; keys: string[]; limit: number }): Promise<ContentItem[]> {
  if (keys.length === 0) return [];
  const { rows } = await tx.query<ContentItem>(
    `select ${COLUMNS} from public.content_items
     where workspace_id = $1 and left(encode(sha256(convert_to(url, 'UTF8')), 'hex'), 16) = any($2::text[])
     order by published_at desc, id limit $3`,
    [workspaceId, keys, limit],
  );
  return rows;
}

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

const COLUMNS = "id, workspace_id, category_id, region, title, url, summary, published_at, source, created_at";

/**
 * Inserts or refreshes items in one statement (one row per workspace and url). Returns how many rows were
 * new. A batch that repeats a url keeps its last occurrence.
 */
export async function upsertContentItems(
  tx: Queryable,
  { workspaceId, items }: { workspaceId: string; items: ContentItemInput[] },
): Promise<{ inserted: number; updated: number }> {
  if (items.length === 0) return { inserted: 0, updated: 0 };
  const unique = [...new Map(items.map((item) => [item.url, item])).values()];
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
  return { inserted, updated: rows.length - inserted };
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

/** The items a report may use: published in (start, end], in the given regions. */
export async function listItemsInWindow(
  tx: Queryable,
  { workspaceId, regions, start, end }: { workspaceId: string; regions: string[]; start: Date; end: Date },
): Promise<ContentItem[]> {
  const { rows } = await tx.query<ContentItem>(
    `select ${COLUMNS} from public.content_items
     where workspace_id = $1 and region = any($2::text[]) and published_at > $3 and published_at <= $4
     order by published_at desc`,
    [workspaceId, regions, start, end],
  );
  return rows;
}

import { z } from "zod";

export const MAX_IMPORT_ITEMS = 1000;

export const contentItemSchema = z.object({
  category_id: z.string({ error: "category_id is required" }).trim().min(1, "category_id is required").max(50, "category_id is at most 50 characters"),
  region: z.string({ error: "region is required" }).trim().min(1, "region is required").max(100, "region is at most 100 characters"),
  title: z.string({ error: "title is required" }).trim().min(1, "title is required").max(500, "title is at most 500 characters"),
  url: z
    .url({ protocol: /^https?$/, error: "url must be an http(s) address" })
    .max(2000, "url is at most 2000 characters"),
  summary: z.string().trim().max(5000, "summary is at most 5000 characters").default(""),
  published_at: z.iso.datetime({ offset: true, error: 'published_at must be an ISO 8601 instant, e.g. "2026-11-26T09:00:00Z"' }),
  source: z.string().trim().max(200, "source is at most 200 characters").default(""),
});

export const contentImportSchema = z
  .array(contentItemSchema, { error: "Send a JSON array of content items" })
  .min(1, "Send at least one item")
  .max(MAX_IMPORT_ITEMS, `Send at most ${MAX_IMPORT_ITEMS} items per request`);

export const contentListQuerySchema = z.object({
  category_id: z.string().max(50).optional(),
  region: z.string().max(100).optional(),
  q: z.string().max(200).optional(),
  limit: z.coerce.number({ error: "limit must be a number" }).int().min(1, "limit must be 1–200").max(200, "limit must be 1–200").default(50),
  offset: z.coerce.number({ error: "offset must be a number" }).int().min(0, "offset must be 0 or more").default(0),
});

export type ContentItemInput = z.infer<typeof contentItemSchema>;
export type ContentListQuery = z.infer<typeof contentListQuerySchema>;

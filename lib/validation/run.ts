import { decodeRunCursor } from "@/lib/runs/run-cursor";
import { RUN_STATUSES, RUN_TRIGGERS } from "@/lib/runs/run-status";
import { z } from "zod";
import { frequencySchema } from "./specification";

export const runRequestSchema = z.object({
  specification_id: z.uuid({ error: "specification_id must be the id (UUID) of a specification" }),
  categories_override: z
    .array(z.string().trim().min(1), { error: "categories_override must be a list of category ids, or null for all" })
    .max(50)
    .nullish(),
  regions_override: z
    .array(z.string().trim().min(1), { error: "regions_override must be a list of region names, or null for all" })
    .max(50)
    .nullish(),
  cadence_override: frequencySchema.nullish(),
});


/** Past this, an offset walks too many rows: deeper pages are reached by cursor. */
export const MAX_RUN_LIST_OFFSET = 10_000;

export const runListQuerySchema = z.object({
  status: z.enum(RUN_STATUSES, { error: `status must be one of ${RUN_STATUSES.join(", ")}` }).optional(),
  trigger: z.enum(RUN_TRIGGERS, { error: `trigger must be one of ${RUN_TRIGGERS.join(", ")}` }).optional(),
  specification_id: z.uuid({ error: "specification_id must be a UUID" }).optional(),
  limit: z.coerce.number({ error: "limit must be a number" }).int().min(1, "limit must be 1–100").max(100, "limit must be 1–100").default(25),
  /** Run lists page by cursor (next_cursor / previous_cursor of an earlier page, or "oldest"); offset stays for short walks. */
  cursor: z
    .string({ error: "cursor must be text" })
    .max(500, "cursor is not one this list gave out")
    .transform((value, ctx) => {
      const position = decodeRunCursor(value);
      if (position) return position;
      ctx.addIssue({ code: "custom", message: 'cursor is not one this list gave out: use next_cursor or previous_cursor from a page of it, or "oldest"' });
      return z.NEVER;
    })
    .optional(),
  offset: z.coerce
    .number({ error: "offset must be a number" })
    .int()
    .min(0, "offset must be 0 or more")
    .max(MAX_RUN_LIST_OFFSET, `offset must be ${MAX_RUN_LIST_OFFSET} or less: to read further, follow next_cursor`)
    .default(0),
}).refine((query) => !(query.cursor && query.offset > 0), { message: "offset cannot be combined with cursor: a cursor says where the page starts", path: ["offset"] });

export type RunRequest = z.infer<typeof runRequestSchema>;
export type RunListQuery = z.infer<typeof runListQuerySchema>;

/** A Test run's options in its address: `?channels=1` posts it to the schedule's Slack channels and webhooks too. */
export const testRunQuerySchema = z.object({
  channels: z
    .enum(["0", "1"], { error: "channels must be 1 (also post to Slack and webhooks) or 0" })
    .optional()
    .transform((value) => value === "1"),
});

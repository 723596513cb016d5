import { FREQUENCIES } from "@/lib/schedule/frequency";
import { z } from "zod";

export const SPECIFICATION_STATUSES = ["active", "inactive"] as const;

export const frequencySchema = z.enum(FREQUENCIES, { error: "Frequency must be daily, weekly or monthly" });

export const categorySchema = z.object({
  id: z
    .string({ error: "Category id is required" })
    .trim()
    .regex(/^[a-z0-9][a-z0-9_-]{0,49}$/, "Category id: lowercase letters, digits, - or _ (at most 50)"),
  name: z
    .string({ error: "Category name is required" })
    .trim()
    .min(1, "Category name is required")
    .max(100, "Category name must be at most 100 characters"),
  keywords: z
    .array(z.string().trim().min(1, "Keywords cannot be empty").max(50, "A keyword is at most 50 characters"), {
      error: "Keywords must be a list of words",
    })
    .max(30, "At most 30 keywords per category")
    .default([]),
});

const regionSchema = z
  .string({ error: "A region is a name" })
  .trim()
  .min(1, "Region names cannot be empty")
  .max(100, "A region name is at most 100 characters");

/** Items from a feed without a region belong to every selection, under this name. */
export const GLOBAL_REGION = "Global";

export const feedSchema = z.object({
  url: z
    .url({ protocol: /^https?$/, error: "Feed URL must be an http(s) address" })
    .max(2000, "Feed URL is at most 2000 characters"),
  category_id: z.string({ error: "Each feed needs the id of the category it fills" }).trim().min(1, "Each feed needs a category"),
  region: z.string().trim().min(1).max(100).optional(),
});

export const specificationInputSchema = z.object({
  name: z
    .string({ error: "Name is required" })
    .trim()
    .min(1, "Name is required")
    .max(200, "Name must be at most 200 characters"),
  description: z.string().trim().max(2000, "Description must be at most 2000 characters").default(""),
  categories: z
    .array(categorySchema, { error: "Categories must be a list" })
    .min(1, "Add at least one category")
    .max(50, "At most 50 categories")
    .refine((list) => new Set(list.map((c) => c.id)).size === list.length, "Category ids must be unique"),
  regions: z
    .array(regionSchema, { error: "Regions must be a list of names" })
    .min(1, "Add at least one region")
    .max(50, "At most 50 regions")
    .refine((list) => new Set(list.map((r) => r.toLowerCase())).size === list.length, "Region names must be unique"),
  frequency: frequencySchema,
  status: z.enum(SPECIFICATION_STATUSES, { error: "Status must be active or inactive" }).default("active"),
  feeds: z.array(feedSchema, { error: "Feeds must be a list" }).max(20, "At most 20 feeds per specification").default([]),
});

/** Feeds must fill categories and regions the specification has. */
function checkFeeds(
  value: { categories?: { id: string }[]; regions?: string[]; feeds?: z.infer<typeof feedSchema>[] },
  ctx: z.RefinementCtx,
): void {
  if (!value.feeds || !value.categories || !value.regions) return;
  const categoryIds = new Set(value.categories.map((c) => c.id));
  value.feeds.forEach((feed, index) => {
    if (!categoryIds.has(feed.category_id)) {
      ctx.addIssue({ code: "custom", path: ["feeds", index, "category_id"], message: `Feed ${index + 1}: no category has the id "${feed.category_id}"` });
    }
    if (feed.region && !value.regions!.includes(feed.region)) {
      ctx.addIssue({ code: "custom", path: ["feeds", index, "region"], message: `Feed ${index + 1}: "${feed.region}" is not one of the regions` });
    }
  });
}

export const specificationSchema = specificationInputSchema.superRefine(checkFeeds);

// A PATCH may send any subset; whatever it sends obeys the same rules.
export const specificationPatchSchema = specificationInputSchema
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, "Send at least one field to change");

export type SpecificationInput = z.infer<typeof specificationSchema>;
export type SpecificationFormValues = z.input<typeof specificationSchema>;
export type Feed = z.infer<typeof feedSchema>;
export type SpecificationPatch = z.infer<typeof specificationPatchSchema>;
export type Category = z.infer<typeof categorySchema>;

import { z } from "zod";
import { FREQUENCIES } from "@/lib/schedule/frequency";
import { scheduleSchema } from "@/lib/schedule/schedule-config";

export const previewOptionsSchema = z.object({
  count: z
    .number({ error: "count must be a whole number from 1 to 50" })
    .int("count must be a whole number from 1 to 50")
    .min(1, "count must be from 1 to 50")
    .max(50, "count must be from 1 to 50")
    .default(5),
  frequency: z
    .enum(FREQUENCIES, { error: "frequency must be daily, weekly or monthly (the specification's), or null" })
    .nullable()
    .optional(),
  after: z.iso
    .datetime({ offset: true, error: 'after must be an ISO 8601 instant, e.g. "2026-11-26T09:00:00Z"' })
    .optional(),
});

export const schedulePreviewRequestSchema = z.intersection(scheduleSchema, previewOptionsSchema);

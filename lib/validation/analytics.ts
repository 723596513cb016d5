import { z } from "zod";

export const ANALYTICS_WINDOWS = [7, 30, 90] as const;

/** `?days=7|30|90` (30 when absent) and optionally one `schedule_id`. */
export const analyticsQuerySchema = z.object({
  days: z.coerce
    .number({ error: "days must be 7, 30 or 90" })
    .refine((days): days is (typeof ANALYTICS_WINDOWS)[number] => (ANALYTICS_WINDOWS as readonly number[]).includes(days), "days must be 7, 30 or 90")
    .default(30),
  schedule_id: z.uuid({ error: "schedule_id must be the id (UUID) of a schedule of this workspace" }).optional(),
});

export type AnalyticsQuery = z.infer<typeof analyticsQuerySchema>;

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
  workspace_id: z.uuid({ error: "workspace_id must be the id (UUID) of one of your workspaces" }).optional(),
  specification_id: z.uuid({ error: "specification_id must be the id (UUID) of a specification of that workspace" }).optional(),
  schedule_id: z.uuid({ error: "schedule_id must be the id (UUID) of the schedule being edited" }).optional(),
  cadence_override: z
    .enum(FREQUENCIES, { error: "cadence_override must be daily, weekly or monthly, or null" })
    .nullable()
    .optional(),
  batch_specification_ids: z
    .array(z.uuid({ error: "batch_specification_ids must list ids (UUIDs) of specifications of that workspace" }), { error: "batch_specification_ids must be a list" })
    .max(9, "batch_specification_ids lists at most 9 specifications")
    .optional(),
  after: z.iso
    .datetime({ offset: true, error: 'after must be an ISO 8601 instant, e.g. "2026-11-26T09:00:00Z"' })
    .optional(),
});

/**
 * A schedule being edited, to preview: its timing, and either the specification's frequency or (with
 * workspace_id and specification_id) the specification itself, whose other schedules and runs are weighed.
 */
export const schedulePreviewRequestSchema = z
  .intersection(scheduleSchema, previewOptionsSchema)
  .refine((input) => !input.specification_id === !input.workspace_id, {
    message: "workspace_id and specification_id go together",
    path: ["specification_id"],
  });
export type SchedulePreviewRequest = z.infer<typeof schedulePreviewRequestSchema>;

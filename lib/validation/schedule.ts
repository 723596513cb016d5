import { SCHEDULE_STATUSES } from "@/lib/autopilot/schedule-status";
import { SCHEDULE_STATES } from "@/lib/autopilot/schedule-state";
import { z } from "zod";
import { SCHEDULE_TYPES, scheduleSchema } from "@/lib/schedule/schedule-config";
import { destinationsSchema } from "./destinations";
import { frequencySchema } from "./specification";
import { pauseFieldsSchema, scheduleDatesSchema, schedulePolicySchema } from "./schedule-policy";

const scheduleFieldsSchema = z.object({
  specification_id: z.uuid({ error: "specification_id must be the id (UUID) of a specification of this workspace" }),
  schedule_name: z
    .string({ error: "schedule_name is required" })
    .trim()
    .min(1, "schedule_name is required")
    .max(255, "schedule_name is at most 255 characters"),
  categories_override: z
    .array(z.string().trim().min(1), { error: "categories_override must be a list of category ids, or null for all" })
    .min(1, "categories_override needs at least one category, or null for all")
    .max(50)
    .nullish()
    .transform((value) => value ?? null),
  regions_override: z
    .array(z.string().trim().min(1), { error: "regions_override must be a list of region names, or null for all" })
    .min(1, "regions_override needs at least one region, or null for all")
    .max(50)
    .nullish()
    .transform((value) => value ?? null),
  cadence_override: frequencySchema.nullish().transform((value) => value ?? null),
  enabled: z.boolean({ error: "enabled must be true or false" }).default(true),
  notes: z.string().trim().max(2000, "notes are at most 2000 characters").nullish().transform((value) => value || null),
  /** An editor's summary on each report, written by the configured model (ignored when none is configured). */
  editor_summary: z.boolean({ error: "editor_summary must be true or false" }).default(false),
  /** Run after this schedule of the workspace succeeds, at its slots (null: at its own time). */
  depends_on_schedule_id: z
    .uuid({ error: "depends_on_schedule_id must be the id (UUID) of another schedule of this workspace, or null" })
    .nullish()
    .transform((value) => value ?? null),
  /** How long after the slot to wait for the upstream's success; 60 when it depends on one and this is left out. */
  wait_minutes: z
    .number({ error: "wait_minutes must be a whole number of minutes from 1 to 720" })
    .int("wait_minutes must be a whole number of minutes from 1 to 720")
    .min(1, "wait_minutes must be from 1 to 720 minutes")
    .max(720, "wait_minutes must be from 1 to 720 minutes")
    .nullish()
    .transform((value) => value ?? null),
  /**
   * A batch: the other specifications of the workspace this schedule also reports on, in order, each slot
   * one report per specification (under its own frequency rule), delivered together. Empty: its own only.
   */
  batch_specification_ids: z
    .array(z.uuid({ error: "batch_specification_ids must list ids (UUIDs) of specifications of this workspace" }), {
      error: "batch_specification_ids must be a list of specification ids",
    })
    .max(9, "batch_specification_ids: a schedule reports on at most 10 specifications (its own and 9 more)")
    .refine((ids) => new Set(ids).size === ids.length, "batch_specification_ids lists a specification twice")
    .default([]),
  /** Where reports go; omitted on create: none, omitted on PATCH: unchanged, sent: replaces the list. */
  destinations: destinationsSchema.optional(),
})
  .extend(schedulePolicySchema.shape)
  .extend(scheduleDatesSchema.shape);

/** What a create request (and the editor's form) holds: the schedule itself and its options. */
export const scheduleCreateSchema = z.intersection(scheduleSchema, scheduleFieldsSchema);

/**
 * Every field optional and without its default: a PATCH that omits a field leaves it as it is (a default
 * here would silently reset it, e.g. switch a disabled schedule on).
 */
const patchableFields = Object.fromEntries(
  Object.entries(scheduleFieldsSchema.shape).map(([key, field]) => [key, (field instanceof z.ZodDefault ? field.unwrap() : field).optional()]),
) as unknown as { [K in keyof typeof scheduleFieldsSchema.shape]: z.ZodOptional<z.ZodType<z.output<(typeof scheduleFieldsSchema.shape)[K]>, z.input<(typeof scheduleFieldsSchema.shape)[K]>>> };

/** A PATCH sends any subset; the merged result is validated again as a whole. */
export const schedulePatchSchema = z
  .object(patchableFields)
  .extend(pauseFieldsSchema.shape)
  .extend({
    schedule_type: z.enum(SCHEDULE_TYPES, { error: "schedule_type must be one of daily, weekly, monthly or custom" }).optional(),
    schedule_config: z.record(z.string(), z.unknown(), { error: "schedule_config must be an object" }).optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, "Send at least one field to change");

export const SCHEDULE_SORTS = ["schedule_name", "next_run_at", "last_run_at", "created_at", "success_count", "failure_count", "specification_name", "state"] as const;

export const scheduleListQuerySchema = z.object({
  status: z.enum(SCHEDULE_STATUSES, { error: `status must be one of ${SCHEDULE_STATUSES.join(", ")}` }).optional(),
  state: z.enum(SCHEDULE_STATES, { error: `state must be one of ${SCHEDULE_STATES.join(", ")}` }).optional(),
  enabled: z.enum(["true", "false"], { error: "enabled must be true or false" }).transform((v) => v === "true").optional(),
  specification_id: z.uuid({ error: "specification_id must be a UUID" }).optional(),
  q: z.string().trim().max(200, "q is at most 200 characters").optional(),
  sort: z.enum(SCHEDULE_SORTS, { error: `sort must be one of ${SCHEDULE_SORTS.join(", ")}` }).default("next_run_at"),
  order: z.enum(["asc", "desc"], { error: "order must be asc or desc" }).default("asc"),
  limit: z.coerce.number({ error: "limit must be a number" }).int().min(1, "limit must be 1–200").max(200, "limit must be 1–200").default(25),
  offset: z.coerce.number({ error: "offset must be a number" }).int().min(0, "offset must be 0 or more").default(0),
});

export type ScheduleCreate = z.infer<typeof scheduleCreateSchema>;
export type ScheduleCreateInput = z.input<typeof scheduleCreateSchema>;
export type SchedulePatch = z.infer<typeof schedulePatchSchema>;
export type ScheduleListQuery = z.infer<typeof scheduleListQuerySchema>;

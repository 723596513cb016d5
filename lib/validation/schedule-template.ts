import { z } from "zod";
import { SCHEDULE_TYPES, parseSchedule } from "@/lib/schedule/schedule-config";
import { ScheduleValidationError } from "@/lib/schedule/schedule-error";
import { frequencySchema } from "./specification";
import { schedulePolicySchema } from "./schedule-policy";

const MAX_TEMPLATE_RECIPIENTS = 50;

/** A schedule configuration without its zone: a template's timing is used in the viewer's zone. */
export function zonelessConfig(config: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(config).filter(([key]) => key !== "timezone"));
}

/**
 * What a template prefills: the timing without a zone (the viewer's is used), the policies, the report period,
 * the editor's summary, notes and email recipients. Never a specification (a template fits any) or a secret.
 */
export const templateSettingsSchema = z
  .object({
    schedule_type: z.enum(SCHEDULE_TYPES, { error: `schedule_type must be one of ${SCHEDULE_TYPES.join(", ")}` }),
    schedule_config: z.record(z.string(), z.unknown(), { error: "schedule_config must be an object" }).transform(zonelessConfig),
    cadence_override: frequencySchema.nullish().transform((value) => value ?? null),
    editor_summary: z.boolean().default(false),
    notes: z.string().trim().max(2000, "notes are at most 2000 characters").nullish().transform((value) => value || null),
    email_to: z.array(z.email({ error: "email_to must hold email addresses" })).max(MAX_TEMPLATE_RECIPIENTS).default([]),
    /** Built-in templates send to the person using them. */
    email_viewer: z.boolean().default(false),
    policy: schedulePolicySchema,
  })
  .superRefine((settings, ctx) => {
    // The timing must be one a schedule may have (checked in UTC: the zone does not change what is valid).
    try {
      parseSchedule({ schedule_type: settings.schedule_type, schedule_config: { ...zonelessConfig(settings.schedule_config), timezone: "UTC" } });
    } catch (error) {
      if (!(error instanceof ScheduleValidationError)) throw error;
      ctx.addIssue({ code: "custom", path: error.field.split("."), message: error.message });
    }
  });

export type TemplateSettings = z.infer<typeof templateSettingsSchema>;
export type TemplateSettingsInput = z.input<typeof templateSettingsSchema>;

/** An owner saves a schedule of the workspace as a template under a name. */
export const templateCreateSchema = z.object({
  schedule_id: z.uuid({ error: "schedule_id must be the id (UUID) of a schedule of this workspace" }),
  name: z.string({ error: "name is required" }).trim().min(1, "name is required").max(100, "name is at most 100 characters"),
  description: z.string({ error: "description must be text" }).trim().max(500, "description is at most 500 characters").nullish().transform((value) => value || null),
});

export type TemplateCreate = z.infer<typeof templateCreateSchema>;

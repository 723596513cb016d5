import { z } from "zod";

export const BULK_ACTIONS = ["pause", "resume", "enable", "disable", "delete", "add_recipient", "remove_recipient"] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

/** At most this many schedules per bulk request: a page of the list at its largest. */
export const MAX_BULK_SCHEDULES = 200;

/**
 * One action on a selection of schedules: `{action, ids}`, and `email` for add_recipient and remove_recipient.
 */
export const bulkScheduleActionSchema = z
  .object({
    action: z.enum(BULK_ACTIONS, { error: `action must be one of ${BULK_ACTIONS.join(", ")}` }),
    ids: z
      .array(z.uuid({ error: "ids must be schedule ids (UUIDs)" }), { error: "ids must be a list of schedule ids" })
      .min(1, "ids needs at least one schedule")
      .max(MAX_BULK_SCHEDULES, `ids holds at most ${MAX_BULK_SCHEDULES} schedules`)
      .transform((ids) => [...new Set(ids.map((id) => id.toLowerCase()))]),
    // Trimmed and lowercased before it is checked: " Ana@Example.com " is ana@example.com.
    email: z
      .string({ error: "email must be an email address" })
      .trim()
      .toLowerCase()
      .pipe(z.email({ error: "email must be an email address" }).max(254, "email is at most 254 characters"))
      .optional(),
  })
  .refine((input) => !input.action.endsWith("_recipient") || input.email, { message: "email is required to add or remove a recipient", path: ["email"] });

export type BulkScheduleAction = z.infer<typeof bulkScheduleActionSchema>;

import { z } from "zod";

/** The format's version: a document says which it is, so a later format can still read this one. */
export const SCHEDULE_DOCUMENT_VERSION = 1;
export const MAX_DOCUMENT_SCHEDULES = 500;

/**
 * One schedule as code: its specification by name, everything a person sets, email recipients; never a secret
 * (chat channels and webhooks are named in `not_exported` and ignored on import). The fields are checked
 * again as a schedule when imported, with their path in the document.
 */
export const scheduleEntrySchema = z.object({
  name: z.string({ error: "name is required" }).trim().min(1, "name is required").max(255, "name is at most 255 characters"),
  specification: z.string({ error: "specification must be the name of a specification of this workspace" }).trim().min(1, "specification is required"),
  schedule_type: z.unknown(),
  schedule_config: z.unknown(),
  enabled: z.boolean({ error: "enabled must be true or false" }).default(true),
  categories_override: z.unknown().optional(),
  regions_override: z.unknown().optional(),
  cadence_override: z.unknown().optional(),
  notes: z.unknown().optional(),
  editor_summary: z.unknown().optional(),
  policy: z.record(z.string(), z.unknown(), { error: "policy must be an object" }).default({}),
  starts_at: z.unknown().optional(),
  ends_at: z.unknown().optional(),
  email_to: z.array(z.string(), { error: "email_to must be a list of email addresses" }).default([]),
  /** A batch: the names of the further specifications each slot also reports on, in order. */
  also_reports_on: z.array(z.string().trim().min(1), { error: "also_reports_on must be a list of specification names" }).default([]),
  /** The name of the schedule it runs after (one of the workspace's, or earlier in the document), or null. */
  runs_after: z.string({ error: "runs_after must be the name of a schedule, or null" }).trim().min(1).nullish().transform((value) => value ?? null),
  wait_minutes: z.unknown().optional(),
  not_exported: z.array(z.string()).optional(),
});

export const scheduleDocumentSchema = z
  .object({
    autopilot_schedules: z.literal(SCHEDULE_DOCUMENT_VERSION, { error: `autopilot_schedules must be ${SCHEDULE_DOCUMENT_VERSION}: the version of this format (export one to see it)` }),
    schedules: z
      .array(scheduleEntrySchema, { error: "schedules must be a list" })
      .max(MAX_DOCUMENT_SCHEDULES, `schedules holds at most ${MAX_DOCUMENT_SCHEDULES} entries`),
  })
  .superRefine((document, ctx) => {
    const seen = new Map<string, number>();
    document.schedules.forEach((entry, index) => {
      const first = seen.get(entry.name);
      if (first !== undefined) ctx.addIssue({ code: "custom", path: ["schedules", index, "name"], message: `“${entry.name}” is also schedule ${first}: names identify schedules, so each appears once` });
      else seen.set(entry.name, index);
    });
  });

export type ScheduleEntry = z.infer<typeof scheduleEntrySchema>;
export type ScheduleDocument = z.infer<typeof scheduleDocumentSchema>;

export const importQuerySchema = z.object({
  dry_run: z.enum(["true", "false", "1", "0"], { error: "dry_run must be true or false" }).default("false").transform((value) => value === "true" || value === "1"),
});

import { z } from "zod";
import { CATCH_UP_MAX_MINUTES, DEFAULT_POLICY, MAX_RETRIES, TIMEOUT_MIN_SECONDS } from "@/lib/schedule/schedule-policy";

const wholeNumber = (field: string, min: number, max: number, what: string) =>
  z
    .number({ error: `${field} must be a whole number from ${min} to ${max} (${what})` })
    .int(`${field} must be a whole number from ${min} to ${max} (${what})`)
    .min(min, `${field} must be from ${min} to ${max} (${what})`)
    .max(max, `${field} must be from ${min} to ${max} (${what})`);

/** null or omitted: the default, which for these is "none" or "the deployment's". */
const optionalNumber = (schema: z.ZodNumber) => schema.nullish().transform((value) => value ?? null);

/** The longest a run may take on the deployment's functions (a Vercel Pro function runs at most 900 s). */
export const TIMEOUT_MAX_SECONDS = 900;

/** A schedule's policies as the API and the editor send them; omitted fields take the product's defaults. */
export const schedulePolicySchema = z.object({
  max_retries: wholeNumber("max_retries", 0, MAX_RETRIES, "retries of a failed run").default(DEFAULT_POLICY.max_retries),
  only_when_new: z.boolean({ error: "only_when_new must be true or false" }).default(DEFAULT_POLICY.only_when_new),
  skip_when_empty: z.boolean({ error: "skip_when_empty must be true or false" }).default(DEFAULT_POLICY.skip_when_empty),
  catch_up_minutes: optionalNumber(wholeNumber("catch_up_minutes", 1, CATCH_UP_MAX_MINUTES, "minutes, at most 7 days; null for one interval")),
  timeout_seconds: optionalNumber(wholeNumber("timeout_seconds", TIMEOUT_MIN_SECONDS, TIMEOUT_MAX_SECONDS, "seconds; null for the deployment's")),
  retention_days: wholeNumber("retention_days", 1, 3650, "days of history kept").default(DEFAULT_POLICY.retention_days),
  retention_runs: optionalNumber(wholeNumber("retention_runs", 1, 10_000, "runs kept; null for every run within retention_days")),
  pause_after_failures: optionalNumber(wholeNumber("pause_after_failures", 1, 100, "failed slots in a row; null never pauses")),
});

const instant = (field: string) =>
  z.preprocess(
    (value) => (value instanceof Date ? value.toISOString() : value),
    z.iso
      .datetime({ offset: true, error: `${field} must be an ISO 8601 instant, e.g. "2026-12-01T00:00:00Z", or null` })
      .transform((value) => new Date(value)),
  );

export const scheduleDatesSchema = z.object({
  starts_at: instant("starts_at").nullish().transform((value) => value ?? null),
  ends_at: instant("ends_at").nullish().transform((value) => value ?? null),
});

/** Pausing by hand (PATCH only): a note for the others, and optionally the instant it resumes by itself. */
export const pauseFieldsSchema = z.object({
  status: z.enum(["active", "paused"], { error: 'status must be "paused" (pause it) or "active" (resume it)' }).optional(),
  paused_note: z.string({ error: "paused_note must be text" }).trim().max(500, "paused_note is at most 500 characters").nullish(),
  paused_until: instant("paused_until").nullish(),
});

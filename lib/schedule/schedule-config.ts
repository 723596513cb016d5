import { z } from "zod";
import { config } from "@/lib/config";
import { parseCron, shortestIntervalMinutes } from "./cron-expression";
import { ScheduleValidationError } from "./schedule-error";
import { parseTimeOfDay } from "./time-of-day";
import { canonicalTimeZone, isValidTimeZone } from "./zoned-time";

export const SCHEDULE_TYPES = ["daily", "weekly", "monthly", "custom"] as const;
export type ScheduleType = (typeof SCHEDULE_TYPES)[number];

/** Weekdays are numbered 0 = Monday … 6 = Sunday (cron and JavaScript use 0 = Sunday; never mix them). */
export const WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/** Read at validation time so tests and deployments can change it; the browser uses the default. */
export function minIntervalMinutes(): number {
  return config().AUTOPILOT_MIN_INTERVAL_MINUTES;
}

/** Stored as "HH:MM" (24-hour); "9:00" and "9am" are accepted and stored as "09:00". */
export const timeSchema = z.preprocess(
  (value) => (typeof value === "string" ? (parseTimeOfDay(value) ?? value) : value),
  z
    .string({ error: 'time must be "HH:MM" in 24-hour form, e.g. "09:00"' })
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time must be a time of day from 00:00 to 23:59, e.g. "09:00", "9:30" or "9am"'),
);

export const timezoneSchema = z
  .string({ error: 'timezone must be an IANA time zone name such as "Europe/Berlin" or "UTC"' })
  .refine(isValidTimeZone, 'timezone must be an IANA time zone name such as "Europe/Berlin" or "UTC" (not an offset)')
  // Stored as the zone's canonical name: "europe/berlin" is saved as "Europe/Berlin".
  .transform((zone) => canonicalTimeZone(zone) ?? zone)
  .default("UTC");

export const dailyConfigSchema = z.object({ time: timeSchema, timezone: timezoneSchema });

export const weeklyConfigSchema = z.object({
  day_of_week: z
    .number({ error: "day_of_week must be a whole number from 0 (Monday) to 6 (Sunday)" })
    .int("day_of_week must be a whole number from 0 (Monday) to 6 (Sunday)")
    .min(0, "day_of_week must be from 0 (Monday) to 6 (Sunday)")
    .max(6, "day_of_week must be from 0 (Monday) to 6 (Sunday)"),
  time: timeSchema,
  timezone: timezoneSchema,
});

const DAY_OF_MONTH_ERROR =
  'day_of_month must be a day from 1 to 28, or "last" for the month\'s last day (29–31 do not exist in every month)';

export const monthlyConfigSchema = z.object({
  day_of_month: z.union([z.number().int(DAY_OF_MONTH_ERROR).min(1, DAY_OF_MONTH_ERROR).max(28, DAY_OF_MONTH_ERROR), z.literal("last")], { error: DAY_OF_MONTH_ERROR }),
  time: timeSchema,
  timezone: timezoneSchema,
});

export const customConfigSchema = z.object({
  cron_expression: z
    .string({ error: 'cron_expression must be five fields, e.g. "0 9 * * 1"' })
    .max(200, { error: "cron_expression is at most 200 characters", abort: true })
    .superRefine((expression, ctx) => {
      try {
        const spec = parseCron(expression);
        const shortest = shortestIntervalMinutes(spec);
        const limit = minIntervalMinutes();
        if (shortest < limit) {
          ctx.addIssue({
            code: "custom",
            message: `cron_expression would run ${shortest} minute${shortest === 1 ? "" : "s"} apart; a schedule may run at most once every ${limit} minutes`,
          });
        }
      } catch (error) {
        ctx.addIssue({ code: "custom", message: `cron_expression: ${error instanceof Error ? error.message : String(error)}` });
      }
    }),
  timezone: timezoneSchema,
});

const typeError = { error: "schedule_type must be one of daily, weekly, monthly or custom" };

export const scheduleSchema = z.discriminatedUnion(
  "schedule_type",
  [
    z.object({ schedule_type: z.literal("daily"), schedule_config: dailyConfigSchema }),
    z.object({ schedule_type: z.literal("weekly"), schedule_config: weeklyConfigSchema }),
    z.object({ schedule_type: z.literal("monthly"), schedule_config: monthlyConfigSchema }),
    z.object({ schedule_type: z.literal("custom"), schedule_config: customConfigSchema }),
  ],
  typeError,
);

export type Schedule = z.infer<typeof scheduleSchema>;
export type ScheduleInput = z.input<typeof scheduleSchema>;

/** Validates anything into a Schedule, or throws ScheduleValidationError naming the first wrong field. */
export function parseSchedule(input: unknown): Schedule {
  const result = scheduleSchema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path.length ? issue.path.join(".") : "schedule_type";
  throw new ScheduleValidationError(field, issue.message);
}

import { z } from "zod";
import { CALENDAR_DAYS } from "@/lib/autopilot/calendar-limits";

/** `?days=` of the workspace calendar: 1 to 30, 30 when absent. */
export const calendarQuerySchema = z.object({
  days: z.coerce
    .number({ error: `days must be a whole number from 1 to ${CALENDAR_DAYS}` })
    .int(`days must be a whole number from 1 to ${CALENDAR_DAYS}`)
    .min(1, `days must be a whole number from 1 to ${CALENDAR_DAYS}`)
    .max(CALENDAR_DAYS, `days must be a whole number from 1 to ${CALENDAR_DAYS}`)
    .default(CALENDAR_DAYS),
});

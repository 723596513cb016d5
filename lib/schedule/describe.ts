import cronstrue from "cronstrue";
import type { Schedule } from "./schedule-config";
import { WEEKDAY_NAMES } from "./schedule-config";

function ordinal(n: number): string {
  const suffix = n % 10 === 1 && n !== 11 ? "st" : n % 10 === 2 && n !== 12 ? "nd" : n % 10 === 3 && n !== 13 ? "rd" : "th";
  return `${n}${suffix}`;
}

/** "Every Monday at 09:00" (in whatever zone the schedule has; templates take the viewer's). */
export function describeCadence(schedule: Schedule): string {
  switch (schedule.schedule_type) {
    case "daily":
      return `Every day at ${schedule.schedule_config.time}`;
    case "weekly":
      return `Every ${WEEKDAY_NAMES[schedule.schedule_config.day_of_week]} at ${schedule.schedule_config.time}`;
    case "monthly": {
      const day = schedule.schedule_config.day_of_month;
      const which = day === "last" ? "the last day" : `the ${ordinal(day)}`;
      return `On ${which} of every month at ${schedule.schedule_config.time}`;
    }
    case "custom": {
      const expression = schedule.schedule_config.cron_expression.trim();
      try {
        return cronstrue.toString(expression, { use24HourTimeFormat: true, throwExceptionOnParseError: true });
      } catch {
        return `Cron "${expression}"`;
      }
    }
  }
}

/** "Every Monday at 09:00 (UTC)": the cadence in words, always with its time zone. */
export function describeSchedule(schedule: Schedule): string {
  return `${describeCadence(schedule)} (${schedule.schedule_config.timezone})`;
}

/**
 * The cron expression a schedule amounts to ("0 9 * * 1"), in its own time zone, shown beside the sentence as
 * cron pages do; null for "the last day of the month", which standard cron cannot say.
 */
export function cronEquivalent(schedule: Schedule): string | null {
  if (schedule.schedule_type === "custom") return schedule.schedule_config.cron_expression.trim();
  const [hour, minute] = schedule.schedule_config.time.split(":").map(Number);
  const at = `${minute} ${hour}`;
  switch (schedule.schedule_type) {
    case "daily":
      return `${at} * * *`;
    case "weekly":
      // Autopilot numbers Monday 0 … Sunday 6; cron numbers Sunday 0 … Saturday 6.
      return `${at} * * ${(schedule.schedule_config.day_of_week + 1) % 7}`;
    case "monthly":
      return schedule.schedule_config.day_of_month === "last" ? null : `${at} ${schedule.schedule_config.day_of_month} * *`;
  }
}

import cronstrue from "cronstrue";
import type { Schedule } from "./schedule-config";
import { WEEKDAY_NAMES } from "./schedule-config";

function ordinal(n: number): string {
  const suffix = n % 10 === 1 && n !== 11 ? "st" : n % 10 === 2 && n !== 12 ? "nd" : n % 10 === 3 && n !== 13 ? "rd" : "th";
  return `${n}${suffix}`;
}

/** "Every Monday at 09:00 (UTC)": the cadence in words, always with its time zone. */
export function describeSchedule(schedule: Schedule): string {
  const zone = `(${schedule.schedule_config.timezone})`;
  switch (schedule.schedule_type) {
    case "daily":
      return `Every day at ${schedule.schedule_config.time} ${zone}`;
    case "weekly":
      return `Every ${WEEKDAY_NAMES[schedule.schedule_config.day_of_week]} at ${schedule.schedule_config.time} ${zone}`;
    case "monthly": {
      const day = schedule.schedule_config.day_of_month;
      const which = day === "last" ? "the last day" : `the ${ordinal(day)}`;
      return `On ${which} of every month at ${schedule.schedule_config.time} ${zone}`;
    }
    case "custom": {
      const expression = schedule.schedule_config.cron_expression.trim();
      try {
        const words = cronstrue.toString(expression, { use24HourTimeFormat: true, throwExceptionOnParseError: true });
        return `${words} ${zone}`;
      } catch {
        return `Cron "${expression}" ${zone}`;
      }
    }
  }
}

import { templateSettingsSchema, type TemplateSettings, type TemplateSettingsInput } from "@/lib/validation/schedule-template";

/** A template as the gallery shows it: built in (id is a slug) or saved by the workspace's owners (a UUID). */
export interface ScheduleTemplate {
  id: string;
  name: string;
  description: string | null;
  built_in: boolean;
  settings: TemplateSettings;
  created_at: string | null;
}

function builtIn(id: string, name: string, description: string, settings: Omit<TemplateSettingsInput, "email_viewer">): ScheduleTemplate {
  return { id, name, description, built_in: true, settings: templateSettingsSchema.parse({ email_viewer: true, ...settings }), created_at: null };
}

/**
 * The starting points every workspace has. Each reports its own period (a briefing every weekday even on a
 * weekly specification) and emails the person who uses it; the zone is theirs.
 */
export const BUILT_IN_TEMPLATES: ScheduleTemplate[] = [
  builtIn("weekday-briefing", "Weekday morning briefing", "Monday to Friday at 08:00, each day's news; nothing is sent on a day without new items.", {
    schedule_type: "custom",
    schedule_config: { cron_expression: "0 8 * * 1-5" },
    cadence_override: "daily",
    policy: { only_when_new: true, max_retries: 2, pause_after_failures: 5 },
  }),
  builtIn("monday-digest", "Monday weekly digest", "Mondays at 09:00, the past week in one report, retried up to three times.", {
    schedule_type: "weekly",
    schedule_config: { day_of_week: 0, time: "09:00" },
    cadence_override: "weekly",
    policy: { max_retries: 3 },
  }),
  builtIn("month-end-summary", "Month-end summary", "The last day of each month at 17:00, the month in one report, kept for two years.", {
    schedule_type: "monthly",
    schedule_config: { day_of_month: "last", time: "17:00" },
    cadence_override: "monthly",
    policy: { retention_days: 730, max_retries: 3 },
  }),
  builtIn("first-business-day", "First business day of the month", "The first Monday-to-Friday of each month at 09:00 (a weekend 1st moves to Monday), the month so far.", {
    schedule_type: "custom",
    schedule_config: { cron_expression: "0 9 1W * *" },
    cadence_override: "monthly",
    policy: { retention_days: 730, max_retries: 3 },
  }),
];

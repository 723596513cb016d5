import { parseSchedule, type Schedule } from "@/lib/schedule/schedule-config";
import { zonelessConfig, type TemplateSettings } from "@/lib/validation/schedule-template";

/** A template's timing in a zone: the viewer's when it is used. */
export function templateSchedule(settings: TemplateSettings, timezone: string): Schedule {
  return parseSchedule({ schedule_type: settings.schedule_type, schedule_config: { ...zonelessConfig(settings.schedule_config), timezone } });
}

import "server-only";
import type { ScheduleRow } from "@/lib/db/schedules";
import type { Specification } from "@/lib/db/specifications";
import type { DestinationView } from "@/lib/validation/destinations";
import { policyValuesOf } from "./policy-form";

/** What the schedule editor needs of a specification. */
export function editorSpecification(spec: Specification) {
  return {
    id: spec.id,
    name: spec.name,
    frequency: spec.frequency,
    categories: spec.categories.map((c) => ({ id: c.id, name: c.name })),
    regions: spec.regions,
  };
}

/** A stored schedule as the editor's form values (overrides null = everything selected; secrets stay on the server). */
export function editorValues(schedule: ScheduleRow, spec: Specification | undefined, destinations: DestinationView[]) {
  const config = schedule.schedule_config as Record<string, unknown>;
  return {
    specification_id: schedule.specification_id,
    schedule_name: schedule.schedule_name,
    schedule_type: schedule.schedule_type,
    time: typeof config.time === "string" ? config.time : "09:00",
    day_of_week: typeof config.day_of_week === "number" ? config.day_of_week : 0,
    day_of_month: config.day_of_month === "last" ? ("last" as const) : typeof config.day_of_month === "number" ? config.day_of_month : 1,
    cron_expression: typeof config.cron_expression === "string" ? config.cron_expression : "0 9 * * 1-5",
    timezone: schedule.schedule_config.timezone,
    categories: schedule.categories_override ?? spec?.categories.map((c) => c.id) ?? [],
    regions: schedule.regions_override ?? spec?.regions ?? [],
    cadence_override: schedule.cadence_override ?? ("" as const),
    notes: schedule.notes ?? "",
    editor_summary: schedule.editor_summary,
    email_to: destinations.flatMap((d) => (d.type === "email" ? d.to : [])).join("\n"),
    slack_urls: destinations.flatMap((d) => (d.type === "slack" ? [{ url: "", kept: d.label }] : [])),
    teams_urls: destinations.flatMap((d) => (d.type === "teams" ? [{ url: "", kept: d.label }] : [])),
    discord_urls: destinations.flatMap((d) => (d.type === "discord" ? [{ url: "", kept: d.label }] : [])),
    webhooks: destinations.flatMap((d) => (d.type === "webhook" ? [{ url: d.url, secret: "", has_secret: d.has_secret }] : [])),
    ...policyValuesOf(schedule, schedule.schedule_config.timezone),
  };
}

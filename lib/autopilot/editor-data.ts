import "server-only";
import type { ScheduleRow } from "@/lib/db/schedules";
import type { Specification } from "@/lib/db/specifications";
import type { DestinationView } from "@/lib/validation/destinations";
import type { ScheduleTemplate } from "./built-in-templates";
import { policyValuesOf } from "./policy-form";
import { noChannelsDependencyOrBatch } from "./editor-defaults";

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

/** The editor's timing fields of a schedule configuration (each type's own; the others keep their defaults). */
function timingValues(config: Record<string, unknown>) {
  return {
    time: typeof config.time === "string" ? config.time : "09:00",
    day_of_week: typeof config.day_of_week === "number" ? config.day_of_week : 0,
    day_of_month: config.day_of_month === "last" ? ("last" as const) : typeof config.day_of_month === "number" ? config.day_of_month : 1,
    cron_expression: typeof config.cron_expression === "string" ? config.cron_expression : "0 9 * * 1-5",
  };
}

/**
 * A new schedule started from a template, on the chosen specification with everything selected: the zone is
 * filled in by the browser (the viewer's), a built-in template's email goes to the viewer.
 */
export function templateEditorValues(template: ScheduleTemplate, spec: Specification, viewerEmail: string) {
  const { settings } = template;
  return {
    specification_id: spec.id,
    schedule_name: `${template.name}: ${spec.name}`.slice(0, 255),
    schedule_type: settings.schedule_type,
    ...timingValues(settings.schedule_config),
    timezone: "UTC",
    categories: spec.categories.map((c) => c.id),
    regions: spec.regions,
    cadence_override: settings.cadence_override ?? ("" as const),
    notes: settings.notes ?? "",
    editor_summary: settings.editor_summary,
    email_to: [...new Set([...(settings.email_viewer ? [viewerEmail] : []), ...settings.email_to])].join("\n"),
    ...noChannelsDependencyOrBatch(),
    ...policyValuesOf({ ...settings.policy, starts_at: null, ends_at: null }, "UTC"),
  };
}

/** A stored schedule as the editor's form values (overrides null = everything selected; secrets stay on the server). */
export function editorValues(schedule: ScheduleRow, spec: Specification | undefined, destinations: DestinationView[]) {
  const config = schedule.schedule_config as Record<string, unknown>;
  return {
    specification_id: schedule.specification_id,
    schedule_name: schedule.schedule_name,
    schedule_type: schedule.schedule_type,
    ...timingValues(config),
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
    depends_on_schedule_id: schedule.depends_on_schedule_id ?? "",
    wait_minutes: schedule.wait_minutes === null ? "" : String(schedule.wait_minutes),
    batch_specification_ids: schedule.batch_specification_ids,
    ...policyValuesOf(schedule, schedule.schedule_config.timezone),
  };
}

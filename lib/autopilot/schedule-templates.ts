import "server-only";
import { appendAudit } from "@/lib/db/audit-log";
import { listDestinations } from "@/lib/db/destinations";
import { runAsUser } from "@/lib/db/run-as";
import { getSchedule } from "@/lib/db/schedules";
import * as db from "@/lib/db/schedule-templates";
import type { Actor } from "@/lib/db/transactions";
import { AppError, notFound } from "@/lib/errors/app-error";
import { POLICY_FIELDS } from "@/lib/schedule/schedule-policy";
import { destinationLabel } from "@/lib/url-host";
import { isUuid } from "@/lib/validation/ids";
import { templateSettingsSchema, type TemplateCreate } from "@/lib/validation/schedule-template";
import { requireWorkspace } from "@/lib/workspaces/workspace-access";
import { BUILT_IN_TEMPLATES, type ScheduleTemplate } from "./built-in-templates";

const MAX_TEMPLATES_PER_WORKSPACE = 100;

/** A stored template, its settings read again through the schema (a row written any other way cannot prefill nonsense). */
function templateOf(row: db.ScheduleTemplateRow): ScheduleTemplate | null {
  const settings = templateSettingsSchema.safeParse(row.settings);
  if (!settings.success) return null;
  return { id: row.id, name: row.name, description: row.description, built_in: false, settings: settings.data, created_at: row.created_at.toISOString() };
}

export interface TemplateGallery {
  built_in: ScheduleTemplate[];
  workspace: ScheduleTemplate[];
  /** Owners save and delete the workspace's templates. */
  can_manage: boolean;
}

export function listScheduleTemplates(actor: Actor, workspaceId: string): Promise<TemplateGallery> {
  return runAsUser(actor, async (tx) => {
    const workspace = await requireWorkspace(tx, actor, workspaceId, "read");
    const rows = await db.listScheduleTemplates(tx, { workspaceId });
    return {
      built_in: BUILT_IN_TEMPLATES,
      workspace: rows.map(templateOf).filter((template): template is ScheduleTemplate => template !== null),
      can_manage: workspace.role === "owner",
    };
  });
}

/** A built-in template by its slug or one of the workspace's by its id; 404 otherwise. */
export function getScheduleTemplate(actor: Actor, workspaceId: string, id: string): Promise<ScheduleTemplate> {
  return runAsUser(actor, async (tx) => {
    await requireWorkspace(tx, actor, workspaceId, "read");
    const builtIn = BUILT_IN_TEMPLATES.find((template) => template.id === id);
    if (builtIn) return builtIn;
    const row = isUuid(id) ? await db.getScheduleTemplate(tx, { workspaceId, id }) : null;
    const template = row && templateOf(row);
    if (!template) throw notFound("Template");
    return template;
  });
}

/**
 * Owners save a schedule's timing, policies, report period, summary choice, notes and email recipients as a
 * template. Chat channels and webhooks are secrets and stay with the schedule: the answer names them.
 */
export function saveScheduleAsTemplate(actor: Actor, workspaceId: string, input: TemplateCreate): Promise<{ template: ScheduleTemplate; left_out: string[] }> {
  return runAsUser(actor, async (tx) => {
    await requireWorkspace(tx, actor, workspaceId, "owner");
    const schedule = await getSchedule(tx, { workspaceId, id: input.schedule_id });
    if (!schedule) throw new AppError("validation_failed", "That schedule is not in this workspace", { schedule_id: "schedule_id must be the id of a schedule of this workspace" });
    const existing = await db.listScheduleTemplates(tx, { workspaceId });
    if (existing.length >= MAX_TEMPLATES_PER_WORKSPACE) {
      throw new AppError("conflict", `A workspace holds at most ${MAX_TEMPLATES_PER_WORKSPACE} templates; delete one first`);
    }
    const destinations = await listDestinations(tx, { workspaceId, scheduleIds: [schedule.id] });
    const settings = templateSettingsSchema.parse({
      schedule_type: schedule.schedule_type,
      schedule_config: schedule.schedule_config,
      cadence_override: schedule.cadence_override,
      editor_summary: schedule.editor_summary,
      notes: schedule.notes,
      email_to: destinations.filter((d) => d.type === "email").map((d) => d.target),
      policy: Object.fromEntries(POLICY_FIELDS.map((field) => [field, schedule[field]])),
    });
    const row = await db.insertScheduleTemplate(tx, { workspaceId, name: input.name, description: input.description, settings, createdBy: actor.id });
    if (!row) throw new AppError("conflict", `A template named "${input.name}" already exists; choose another name`, { name: "name is already a template of this workspace" });
    await appendAudit(tx, {
      workspaceId,
      actorType: "user",
      actorId: actor.id,
      actorEmail: actor.email,
      action: "template.create",
      entityType: "schedule_template",
      entityId: row.id,
      details: { name: row.name, from_schedule: { id: schedule.id, name: schedule.schedule_name } },
    });
    return {
      template: templateOf(row)!,
      left_out: destinations.filter((d) => d.type !== "email").map((d) => destinationLabel(d.type, d.target)),
    };
  });
}

export function deleteScheduleTemplate(actor: Actor, workspaceId: string, id: string): Promise<void> {
  return runAsUser(actor, async (tx) => {
    await requireWorkspace(tx, actor, workspaceId, "owner");
    const row = isUuid(id) ? await db.getScheduleTemplate(tx, { workspaceId, id }) : null;
    if (!row) throw notFound("Template");
    await db.deleteScheduleTemplate(tx, { workspaceId, id });
    await appendAudit(tx, { workspaceId, actorType: "user", actorId: actor.id, actorEmail: actor.email, action: "template.delete", entityType: "schedule_template", entityId: id, details: { name: row.name } });
  });
}

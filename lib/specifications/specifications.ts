import "server-only";
import { appendAudit, appendAudits } from "@/lib/db/audit-log";
import { canManageSchedule } from "@/lib/autopilot/schedule-permission";
import { listSchedulesOfSpecification } from "@/lib/db/schedules";
import type { Queryable } from "@/lib/db/database";
import { runAsUser } from "@/lib/db/run-as";
import * as db from "@/lib/db/specifications";
import type { Actor } from "@/lib/db/transactions";
import { AppError, notFound } from "@/lib/errors/app-error";
import { isUuid } from "@/lib/validation/ids";
import { specificationSchema, type SpecificationInput, type SpecificationPatch } from "@/lib/validation/specification";
import { validationError } from "@/lib/validation/zod-error";
import { requireWorkspace } from "@/lib/workspaces/workspace-access";

type Specification = db.Specification;

function audit(tx: Queryable, actor: Actor, action: string, spec: Pick<Specification, "id" | "workspace_id" | "name">) {
  return appendAudit(tx, {
    workspaceId: spec.workspace_id,
    actorType: "user",
    actorId: actor.id,
    actorEmail: actor.email,
    action,
    entityType: "specification",
    entityId: spec.id,
    details: { name: spec.name },
  });
}

async function requireSpecification(tx: Queryable, workspaceId: string, id: string): Promise<Specification> {
  const spec = isUuid(id) ? await db.findSpecification(tx, { workspaceId, id }) : null;
  if (!spec) throw notFound("Specification");
  return spec;
}

export function listSpecifications(actor: Actor, workspaceId: string): Promise<Specification[]> {
  return runAsUser(actor, async (tx) => {
    await requireWorkspace(tx, actor, workspaceId, "read");
    return db.selectSpecifications(tx, { workspaceId });
  });
}

export function getSpecification(actor: Actor, workspaceId: string, id: string): Promise<Specification> {
  return runAsUser(actor, async (tx) => {
    await requireWorkspace(tx, actor, workspaceId, "read");
    return requireSpecification(tx, workspaceId, id);
  });
}

/** Inserts in the caller's transaction (the starter workspace reuses this). */
export async function createSpecificationIn(
  tx: Queryable,
  actor: Actor,
  workspaceId: string,
  input: SpecificationInput,
): Promise<Specification> {
  const spec = await db.insertSpecification(tx, { workspaceId, createdBy: actor.id, input });
  await audit(tx, actor, "specification.create", spec);
  return spec;
}

export function createSpecification(actor: Actor, workspaceId: string, input: SpecificationInput): Promise<Specification> {
  return runAsUser(actor, async (tx) => {
    await requireWorkspace(tx, actor, workspaceId, "member");
    return createSpecificationIn(tx, actor, workspaceId, input);
  });
}

/** What a change to a specification did to each of its schedules, in each schedule's own trail. */
function auditSchedules(
  tx: Queryable,
  actor: Actor,
  workspaceId: string,
  schedules: { id: string; schedule_name: string }[],
  action: "schedule.stopped" | "schedule.delete",
  reason: string,
): Promise<void> {
  return appendAudits(
    tx,
    schedules.map((schedule) => ({
      workspaceId,
      actorType: "user" as const,
      actorId: actor.id,
      actorEmail: actor.email,
      action,
      entityType: "autopilot_schedule",
      entityId: schedule.id,
      level: "warning" as const,
      details: { schedule_name: schedule.schedule_name, reason },
    })),
  );
}

export function updateSpecification(
  actor: Actor,
  workspaceId: string,
  id: string,
  patch: SpecificationPatch,
): Promise<Specification> {
  return runAsUser(actor, async (tx) => {
    const workspace = await requireWorkspace(tx, actor, workspaceId, "member");
    const current = await requireSpecification(tx, workspaceId, id);
    // Its schedules make and send reports from it (feeds, categories, status): changing it needs the right to
    // change each of them, as deleting it does.
    const schedules = await listSchedulesOfSpecification(tx, { workspaceId, specificationId: id, enabledOnly: false });
    const notTheirs = schedules.filter((schedule) => !canManageSchedule(actor, workspace, schedule));
    if (notTheirs.length) {
      const names = notTheirs.map((s) => `“${s.schedule_name}”`).join(", ");
      throw new AppError("forbidden", `Changing “${current.name}” would change the reports of schedules you cannot change: ${names}`, {
        specification: `its schedules ${names} belong to other members; ask their creator or a workspace owner`,
      });
    }
    // The patch is valid on its own; the result must be too (e.g. a feed must keep its category).
    const merged = specificationSchema.safeParse({ ...current, ...patch });
    if (!merged.success) throw validationError(merged.error);
    const spec = await db.updateSpecificationRow(tx, { workspaceId, id, patch });
    if (!spec) throw notFound("Specification");
    await audit(tx, actor, "specification.update", spec);
    // Deactivating stops its schedules: each one's history says when, why and who.
    if (current.status === "active" && spec.status === "inactive") {
      const stopped = await listSchedulesOfSpecification(tx, { workspaceId, specificationId: id });
      await auditSchedules(tx, actor, workspaceId, stopped, "schedule.stopped", `the specification “${spec.name}” was deactivated`);
    }
    return spec;
  });
}

/**
 * Deletes a specification and, with it, its schedules: only when the caller may delete each of them (their
 * creator, or a workspace owner); otherwise 409 naming the ones in the way. Each schedule that goes is audited.
 */
export function deleteSpecification(actor: Actor, workspaceId: string, id: string): Promise<void> {
  return runAsUser(actor, async (tx) => {
    const workspace = await requireWorkspace(tx, actor, workspaceId, "member");
    const spec = await requireSpecification(tx, workspaceId, id);
    const schedules = await listSchedulesOfSpecification(tx, { workspaceId, specificationId: id, enabledOnly: false });
    const notTheirs = schedules.filter((schedule) => !canManageSchedule(actor, workspace, schedule));
    if (notTheirs.length) {
      const names = notTheirs.map((s) => `“${s.schedule_name}”`).join(", ");
      throw new AppError("conflict", `Deleting “${spec.name}” would delete schedules you cannot delete: ${names}`, {
        specification: `its schedules ${names} belong to other members; ask a workspace owner, or move or delete them first`,
      });
    }
    await db.deleteSpecificationRow(tx, { workspaceId, id });
    await audit(tx, actor, "specification.delete", spec);
    await auditSchedules(tx, actor, workspaceId, schedules, "schedule.delete", `its specification “${spec.name}” was deleted`);
  });
}

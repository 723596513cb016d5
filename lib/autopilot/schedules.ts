import "server-only";
import { appendAudit, listScheduleActivity } from "@/lib/db/audit-log";
import type { Queryable } from "@/lib/db/database";
import { runAsUser } from "@/lib/db/run-as";
import { copyDestinations, listDestinations, replaceDestinations, type DestinationRow } from "@/lib/db/destinations";
import { listRuns } from "@/lib/db/runs";
import { listFailingDestinations, type FailingDestination } from "@/lib/db/deliveries";
import { destinationLabel } from "@/lib/url-host";
import { CHAT_SERVICE_NAMES, CHAT_SERVICES } from "@/lib/delivery/chat-services";
import { withDeliveries } from "@/lib/runs/run-deliveries";
import * as db from "@/lib/db/schedules";
import { findSpecification } from "@/lib/db/specifications";
import { asServer, type Actor } from "@/lib/db/transactions";
import type { Workspace } from "@/lib/db/workspaces";
import { findSuppressed, liftSuppression } from "@/lib/db/email-suppressions";
import { AppError, notFound } from "@/lib/errors/app-error";
import { describeSchedule, cronEquivalent } from "@/lib/schedule/describe";
import { frequencyNote } from "@/lib/schedule/preview";
import { forecastSchedules, reportsBySlot } from "./schedule-forecast";
import { isUuid } from "@/lib/validation/ids";
import type { RunListQuery } from "@/lib/validation/run";
import type { DestinationsInput, DestinationView } from "@/lib/validation/destinations";
import { scheduleCreateSchema, type ScheduleCreate, type ScheduleListQuery, type SchedulePatch } from "@/lib/validation/schedule";
import { activityLines } from "./activity";
import { propagateTiming, withDependency } from "./schedule-dependencies";
import { canManageSchedule } from "./schedule-permission";
import { countRunsOfSchedules, noRunCounts, type ScheduleRunCounts } from "@/lib/db/run-counts";
import { validationError } from "@/lib/validation/zod-error";
import { requireWorkspace } from "@/lib/workspaces/workspace-access";
import { autopilotSettings } from "@/lib/config";
import { nextSlotAfter } from "@/lib/schedule/due-slot";
import { POLICY_FIELDS } from "@/lib/schedule/schedule-policy";

export type UpstreamChoice = { id: string; name: string } & Pick<db.ScheduleRow, "schedule_type" | "schedule_config">;

interface ScheduleExtras {
  /** Whether the signed-in person may change, delete or test-run it (the UI enables controls by it). */
  can_manage?: boolean;
  next_runs?: string[];
  /** Per next run: skipped by the specification's frequency (an earlier run makes that period's report). */
  next_runs_skipped?: boolean[];
  /** Per next run: for a skipped one, the run or schedule that makes that period's report. */
  next_runs_skipped_by?: (string | null)[];
  /** The first slot that makes a report, weighing the specification's other schedules and runs (null: none soon, or not running). */
  next_report_at?: Date | null;
  /** A batch's next runs: per slot, each report and whether it is made (null: made; else who makes that period's report). */
  next_runs_reports?: { specification_name: string; skipped: boolean; taken_by: string | null }[][];
  /** For the list: why its very next slot makes no report (who makes that period's report), else null. */
  next_slot_skipped_by?: string | null;
  /** "Weekly in effect: one report per week" when the specification's frequency is coarser than the cadence. */
  effective_cadence?: string | null;
  /** Every slot forecast is skipped: as things stand it makes no report. */
  never_delivers?: boolean;
  /** When the specification's frequency skips some of its slots: why, and the fix. */
  frequency_note?: string | null;
  /** Where its reports go (webhook secrets never included). */
  destinations?: DestinationView[];
  /** Its history counted: scheduled runs by outcome, test runs apart, the latest run of any kind. */
  run_counts?: ScheduleRunCounts;
  /** While its state is "delivery_failing": each destination whose latest delivery failed, and why. */
  failing_deliveries?: FailingDeliveryView[];
}

/** A failing destination as people see it: named without its secret (a Slack URL is one). */
export interface FailingDeliveryView {
  destination: string;
  status: FailingDestination["status"];
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date | null;
}

export type ScheduleView = db.ScheduleRow & { description: string; cron: string | null } & ScheduleExtras;

function view(row: db.ScheduleRow, extra: ScheduleExtras = {}): ScheduleView {
  return { ...row, description: describeWithUpstream(row), cron: cronEquivalent(row), ...extra };
}

/** The cadence in words; a dependent says what it runs after first. */
function describeWithUpstream(row: db.ScheduleRow): string {
  const timing = describeSchedule(row);
  if (!row.depends_on_schedule_id) return timing;
  return `After “${row.depends_on_name}” succeeds (waiting up to ${row.wait_minutes} min after the slot), at its slots: ${timing}`;
}

/** The API's shape: one email entry with every recipient, one entry per Slack channel and webhook. */
function destinationViews(rows: DestinationRow[]): DestinationView[] {
  const emails = rows.filter((row) => row.type === "email").map((row) => row.target);
  return [
    ...(emails.length ? [{ type: "email" as const, to: emails }] : []),
    ...CHAT_SERVICES.flatMap((service) => rows.filter((row) => row.type === service).map((row) => ({ type: service, label: row.target, has_url: true as const }))),
    ...rows.filter((row) => row.type === "webhook").map((row) => ({ type: "webhook" as const, url: row.target, has_secret: true as const })),
  ];
}

async function destinationsOf(tx: Queryable, workspaceId: string, scheduleId: string): Promise<DestinationView[]> {
  return destinationViews(await listDestinations(tx, { workspaceId, scheduleIds: [scheduleId] }));
}

/**
 * Refuses adding an address that unsubscribed from this workspace's reports, unless it is the person's own
 * (a member adding themselves opts in again, which lifts it; audited).
 */
async function assertNotSuppressed(tx: Queryable, actor: Actor, row: db.ScheduleRow, wanted: DestinationsInput): Promise<void> {
  const current = new Set((await listDestinations(tx, { workspaceId: row.workspace_id, scheduleIds: [row.id] })).filter((d) => d.type === "email").map((d) => d.target));
  const added = wanted.flatMap((d) => (d.type === "email" ? d.to : [])).filter((email) => !current.has(email));
  const suppressed = await asServer(tx, () => findSuppressed(tx, { workspaceId: row.workspace_id, emails: added }));
  const own = suppressed.find((s) => s.email === actor.email.toLowerCase());
  if (own) {
    await asServer(tx, () => liftSuppression(tx, { workspaceId: row.workspace_id, email: own.email }));
    await audit(tx, actor, "schedule.resubscribe", row, { email: own.email });
  }
  const others = suppressed.filter((s) => s !== own);
  if (others.length) {
    const names = others.map((s) => `${s.email} (${s.created_at.toISOString().slice(0, 10)})`).join(", ");
    throw new AppError("validation_failed", "Some recipients unsubscribed from this workspace's reports", {
      [`destinations.${wanted.findIndex((d) => d.type === "email")}.to`]: `Unsubscribed from this workspace's reports: ${names}. Only they can subscribe again: with "Subscribe again" on the page their unsubscribe link opens, or, a member, by adding their own address.`,
    });
  }
}

/** Replaces a schedule's destinations, refusing a new webhook without a secret; audits what changed. */
async function saveDestinations(tx: Queryable, actor: Actor, row: db.ScheduleRow, wanted: DestinationsInput): Promise<void> {
  await assertNotSuppressed(tx, actor, row, wanted);
  const change = await replaceDestinations(tx, { workspaceId: row.workspace_id, scheduleId: row.id, wanted });
  if (change.missingSecrets.length) {
    throw new AppError("validation_failed", "A new webhook needs a secret", {
      destinations: `A new webhook needs a secret (16–200 characters) to sign its requests: ${change.missingSecrets.join(", ")}`,
    });
  }
  if (change.unknownChannels.length) {
    const [{ type }] = change.unknownChannels;
    throw new AppError("validation_failed", `A ${CHAT_SERVICE_NAMES[type]} channel to keep is not one this schedule has`, {
      destinations: `Not a ${CHAT_SERVICE_NAMES[type]} channel of this schedule: ${change.unknownChannels.map((c) => c.target).join(", ")}; enter its webhook URL`,
    });
  }
  if (change.added.length || change.removed.length) await audit(tx, actor, "schedule.destinations", row, { added: change.added, removed: change.removed });
}

/** Only the schedule's creator or a workspace owner changes, deletes or test-runs it. */
function requireManage(actor: Actor, workspace: Workspace, schedule: db.ScheduleRow): void {
  if (!workspace.role) throw new AppError("forbidden", "Platform admins can view this schedule but not change it");
  if (!canManageSchedule(actor, workspace, schedule)) {
    throw new AppError("forbidden", "Only the schedule's creator or a workspace owner can change it");
  }
}

async function requireSchedule(tx: Queryable, workspaceId: string, id: string): Promise<db.ScheduleRow> {
  const schedule = isUuid(id) ? await db.getSchedule(tx, { workspaceId, id }) : null;
  if (!schedule) throw notFound("Schedule");
  return schedule;
}

/** The specification must be this workspace's and active; overrides must be among its categories and regions. */
async function checkAgainstSpecification(tx: Queryable, workspaceId: string, input: ScheduleCreate, keptBatch: string[] = []): Promise<void> {
  const spec = await findSpecification(tx, { workspaceId, id: input.specification_id });
  if (!spec) {
    throw new AppError("not_found", "Specification not found in this workspace", { specification_id: "No such specification in this workspace" });
  }
  if (spec.status !== "active") {
    throw new AppError("conflict", "Specification is not active", { specification_id: `“${spec.name}” is inactive; activate it first` });
  }
  const categoryIds = new Set(spec.categories.map((c) => c.id));
  const badCategories = (input.categories_override ?? []).filter((id) => !categoryIds.has(id));
  if (badCategories.length) {
    throw new AppError("validation_failed", `Unknown category: ${badCategories.join(", ")}`, {
      categories_override: `Not a category of “${spec.name}”: ${badCategories.join(", ")}`,
    });
  }
  const badRegions = (input.regions_override ?? []).filter((region) => !spec.regions.includes(region));
  if (badRegions.length) {
    throw new AppError("validation_failed", `Unknown region: ${badRegions.join(", ")}`, {
      regions_override: `Not a region of “${spec.name}”: ${badRegions.join(", ")}`,
    });
  }
  await checkBatchSpecifications(tx, workspaceId, spec, input.batch_specification_ids, keptBatch);
}

/**
 * A batch's further specifications: this workspace's, not the schedule's own, and active when added (one
 * deactivated since stays: its report is skipped with the reason until it is active again).
 */
async function checkBatchSpecifications(tx: Queryable, workspaceId: string, own: { id: string; name: string }, ids: string[], kept: string[]): Promise<void> {
  const field = "batch_specification_ids";
  if (ids.includes(own.id)) {
    throw new AppError("validation_failed", `“${own.name}” is this schedule's own specification`, { [field]: `“${own.name}” is already the schedule's own specification` });
  }
  for (const id of ids) {
    const spec = await findSpecification(tx, { workspaceId, id });
    if (!spec) throw new AppError("not_found", "Specification not found in this workspace", { [field]: `No specification ${id} in this workspace` });
    if (spec.status !== "active" && !kept.includes(id)) throw new AppError("conflict", "Specification is not active", { [field]: `“${spec.name}” is inactive; activate it first` });
  }
}

function audit(tx: Queryable, actor: Actor, action: string, schedule: Pick<db.ScheduleRow, "id" | "workspace_id" | "schedule_name">, details: Record<string, unknown> = {}) {
  return appendAudit(tx, {
    workspaceId: schedule.workspace_id,
    actorType: "user",
    actorId: actor.id,
    actorEmail: actor.email,
    action,
    entityType: "autopilot_schedule",
    entityId: schedule.id,
    details: { schedule_name: schedule.schedule_name, ...details },
  });
}

/** The first slot of a schedule being saved, or a 400 naming the date that leaves it none. */
function firstSlot(values: ScheduleCreate, now: Date): Date {
  if (values.starts_at && values.ends_at && values.starts_at >= values.ends_at) {
    throw new AppError("validation_failed", "The end date must come after the start date", { ends_at: "ends_at must be after starts_at" });
  }
  const next = nextSlotAfter(values, now);
  if (!next) {
    throw new AppError("validation_failed", "The schedule would never run again", { ends_at: "ends_at leaves no slot to run: choose a later end date, or none" });
  }
  return next;
}

export function createSchedule(actor: Actor, workspaceId: string, input: ScheduleCreate, now = new Date()): Promise<ScheduleView> {
  return runAsUser(actor, async (tx) => {
    await requireWorkspace(tx, actor, workspaceId, "member");
    return createScheduleIn(tx, actor, workspaceId, input, now);
  });
}

/** Creates a schedule within the caller's transaction (the workspace's membership already checked). */
export async function createScheduleIn(tx: Queryable, actor: Actor, workspaceId: string, given: ScheduleCreate, now: Date): Promise<ScheduleView> {
  const input = await withDependency(tx, workspaceId, given, null);
  const { maxSchedulesPerWorkspace } = autopilotSettings();
  if ((await db.countSchedules(tx, { workspaceId })) >= maxSchedulesPerWorkspace) {
    throw new AppError("conflict", `A workspace holds at most ${maxSchedulesPerWorkspace} schedules; delete one first`);
  }
  await checkAgainstSpecification(tx, workspaceId, input);
  const row = await db.insertSchedule(tx, {
    workspaceId,
    createdBy: actor.email,
    createdByUserId: actor.id,
    values: { ...input, next_run_at: firstSlot(input, now) },
  });
  await audit(tx, actor, "schedule.create", row, { schedule_type: row.schedule_type, next_run_at: row.next_run_at });
  if (!input.destinations?.length) return view(row, { can_manage: true, destinations: [] });
  await saveDestinations(tx, actor, row, input.destinations);
  return view(row, { can_manage: true, destinations: await destinationsOf(tx, workspaceId, row.id) });
}

/** What a copy is called: "<name> (copy)", within the 255 characters a name may have. */
export function copyName(name: string): string {
  const suffix = " (copy)";
  return `${name.slice(0, 255 - suffix.length)}${suffix}`;
}

/**
 * A new schedule with everything of `id` but its history: timing, dates, overrides, policies, notes and
 * destinations, named "… (copy)" and switched off until someone turns it on. Slack channels and webhooks
 * carry secrets: they are copied only for a person who may manage the original (its creator or an owner);
 * for anyone else they are left out, and the answer names them.
 */
export function duplicateSchedule(actor: Actor, workspaceId: string, id: string, now = new Date()): Promise<{ schedule: ScheduleView; left_out: string[] }> {
  return runAsUser(actor, async (tx) => {
    const workspace = await requireWorkspace(tx, actor, workspaceId, "member");
    const source = await requireSchedule(tx, workspaceId, id);
    const { maxSchedulesPerWorkspace } = autopilotSettings();
    if ((await db.countSchedules(tx, { workspaceId })) >= maxSchedulesPerWorkspace) {
      throw new AppError("conflict", `A workspace holds at most ${maxSchedulesPerWorkspace} schedules; delete one first`);
    }
    const values = scheduleCreateSchema.parse({
      specification_id: source.specification_id,
      schedule_name: copyName(source.schedule_name),
      schedule_type: source.schedule_type,
      schedule_config: source.schedule_config,
      categories_override: source.categories_override,
      regions_override: source.regions_override,
      cadence_override: source.cadence_override,
      enabled: false,
      notes: source.notes,
      editor_summary: source.editor_summary,
      depends_on_schedule_id: source.depends_on_schedule_id,
      wait_minutes: source.wait_minutes,
      batch_specification_ids: source.batch_specification_ids,
      ...Object.fromEntries(POLICY_FIELDS.map((field) => [field, source[field]])),
      starts_at: source.starts_at,
      ends_at: source.ends_at,
    });
    await checkAgainstSpecification(tx, workspaceId, values);
    const row = await db.insertSchedule(tx, { workspaceId, createdBy: actor.email, createdByUserId: actor.id, values: { ...values, next_run_at: firstSlot(values, now) } });
    const withSecrets = canManageSchedule(actor, workspace, source);
    const copied = await copyDestinations(tx, { workspaceId, fromScheduleId: source.id, toScheduleId: row.id, withSecrets });
    await audit(tx, actor, "schedule.create", row, { schedule_type: row.schedule_type, next_run_at: row.next_run_at, duplicated_from: { id: source.id, name: source.schedule_name } });
    return {
      schedule: view(row, { can_manage: true, destinations: await destinationsOf(tx, workspaceId, row.id) }),
      left_out: copied.leftOut.map((d) => destinationLabel(d.type, d.target)),
    };
  });
}

/** A PATCH's state change (pause, resume), applied apart from the stored values. */
const PAUSE_FIELDS = ["status", "paused_note", "paused_until"];
/** Fields of a PATCH that are not stored as they come: the timing (merged with the current one) and the state. */
const NOT_MERGED = new Set(["schedule_type", "schedule_config", ...PAUSE_FIELDS]);

/**
 * What a save does to the schedule's state. Pausing takes a note and optionally the instant it resumes by
 * itself; a paused schedule resumes only when asked (status "active", or switched on); one stopped in error
 * (its specification was inactive) is fixed by saving it; one that ended runs again when its dates allow.
 */
function statusChange(current: db.ScheduleRow, patch: SchedulePatch, now: Date): db.StatusChange | null {
  if (patch.status === "paused") {
    if (current.status === "completed") throw new AppError("conflict", "This schedule has ended; change its end date to run it again");
    if (patch.paused_until && patch.paused_until <= now) {
      throw new AppError("validation_failed", "The pause must end in the future", { paused_until: "paused_until must be in the future" });
    }
    return { status: "paused", note: patch.paused_note ?? null, until: patch.paused_until ?? null };
  }
  if (patch.paused_note !== undefined || patch.paused_until !== undefined) {
    throw new AppError("validation_failed", "A pause note or end goes with pausing", { status: 'send status: "paused" with paused_note and paused_until' });
  }
  if (current.status === "paused" && (patch.status === "active" || patch.enabled === true)) return { status: "active" };
  if (current.status === "error" || current.status === "completed") return { status: "active" };
  return null;
}

export function updateSchedule(actor: Actor, workspaceId: string, id: string, patch: SchedulePatch, now = new Date()): Promise<ScheduleView> {
  return runAsUser(actor, async (tx) => {
    const workspace = await requireWorkspace(tx, actor, workspaceId, "read");
    return updateScheduleIn(tx, actor, workspace, id, patch, now);
  });
}

/** Changes a schedule within the caller's transaction; only its creator or an owner may. */
export async function updateScheduleIn(tx: Queryable, actor: Actor, workspace: Workspace, id: string, patch: SchedulePatch, now: Date): Promise<ScheduleView> {
  const workspaceId = workspace.id;
  const current = await requireSchedule(tx, workspaceId, id);
  requireManage(actor, workspace, current);
  const merged = scheduleCreateSchema.safeParse({
    specification_id: current.specification_id,
    schedule_name: current.schedule_name,
    schedule_type: patch.schedule_type ?? current.schedule_type,
    // A new type needs a new config; otherwise the patch's config fields replace the current ones.
    schedule_config: patch.schedule_type && patch.schedule_type !== current.schedule_type
      ? patch.schedule_config
      : { ...current.schedule_config, ...patch.schedule_config },
    categories_override: current.categories_override,
    regions_override: current.regions_override,
    cadence_override: current.cadence_override,
    enabled: current.enabled,
    notes: current.notes,
    editor_summary: current.editor_summary,
    depends_on_schedule_id: current.depends_on_schedule_id,
    wait_minutes: current.wait_minutes,
    batch_specification_ids: current.batch_specification_ids,
    ...Object.fromEntries(POLICY_FIELDS.map((field) => [field, current[field]])),
    starts_at: current.starts_at,
    ends_at: current.ends_at,
    ...Object.fromEntries(Object.entries(patch).filter(([key]) => !NOT_MERGED.has(key))),
  });
  if (!merged.success) throw validationError(merged.error);
  const next = await withDependency(tx, workspaceId, merged.data, id);
  await checkAgainstSpecification(tx, workspaceId, next, current.batch_specification_ids);

  const timingChanged =
    next.schedule_type !== current.schedule_type ||
    JSON.stringify(next.schedule_config) !== JSON.stringify(current.schedule_config) ||
    next.starts_at?.getTime() !== current.starts_at?.getTime() ||
    next.ends_at?.getTime() !== current.ends_at?.getTime();
  const enabling = next.enabled && !current.enabled;
  const change = statusChange(current, patch, now);
  const moved = timingChanged || enabling || change?.status === "active";
  const nextRunAt = moved ? firstSlot(next, now) : current.next_run_at;
  const row = await db.updateScheduleValues(tx, { workspaceId, id, values: { ...next, next_run_at: nextRunAt }, change, moved });
  if (!row) throw notFound("Schedule");

  const otherFields = Object.keys(patch).filter((key) => key !== "enabled" && !PAUSE_FIELDS.includes(key));
  if (next.enabled !== current.enabled) await audit(tx, actor, next.enabled ? "schedule.enable" : "schedule.disable", row);
  if (change?.status === "paused") {
    await audit(tx, actor, "schedule.pause", row, { note: change.note, until: change.until?.toISOString() ?? null });
  } else if (change?.status === "active" && current.status === "paused") {
    await audit(tx, actor, "schedule.resume", row, { next_run_at: row.next_run_at });
  }
  if (otherFields.length || (next.enabled === current.enabled && !change)) {
    await audit(tx, actor, "schedule.update", row, { fields: otherFields, next_run_at: row.next_run_at, reactivated: change?.status === "active" });
  }
  if (patch.destinations) await saveDestinations(tx, actor, row, patch.destinations);
  if (timingChanged) await propagateTiming(tx, workspaceId, row, now);
  return view(row, { can_manage: true, destinations: await destinationsOf(tx, workspaceId, row.id) });
}

export function deleteSchedule(actor: Actor, workspaceId: string, id: string): Promise<void> {
  return runAsUser(actor, async (tx) => {
    const workspace = await requireWorkspace(tx, actor, workspaceId, "read");
    const schedule = await requireSchedule(tx, workspaceId, id);
    requireManage(actor, workspace, schedule);
    await db.deleteSchedule(tx, { workspaceId, id });
    await audit(tx, actor, "schedule.delete", schedule);
  });
}

async function detailedView(tx: Queryable, actor: Actor, workspace: Workspace, schedule: db.ScheduleRow, previewCount: number, now = new Date()): Promise<ScheduleView> {
  const forecast = (await forecastSchedules(tx, { workspaceId: schedule.workspace_id, rows: [schedule], now, count: previewCount })).get(schedule.id);
  const slots = forecast?.slots ?? [];
  const frequency = schedule.cadence_override ? null : schedule.specification_frequency;
  return view(schedule, {
    can_manage: canManageSchedule(actor, workspace, schedule),
    next_runs: slots.map((slot) => slot.at.toISOString()),
    next_runs_skipped: slots.map((slot) => slot.skipped),
    next_runs_skipped_by: slots.map((slot) => slot.takenBy),
    next_runs_reports: forecast?.reports.length ? reportsBySlot(forecast.reports, slots.length) : undefined,
    next_report_at: forecast?.next_report_at ?? null,
    effective_cadence: forecast?.effective_cadence ?? null,
    never_delivers: forecast?.never_delivers ?? false,
    frequency_note: frequencyNote(schedule, frequency, slots, schedule.specification_name),
    destinations: await destinationsOf(tx, schedule.workspace_id, schedule.id),
    run_counts: (await countRunsOfSchedules(tx, { workspaceId: schedule.workspace_id, scheduleIds: [schedule.id] })).get(schedule.id) ?? noRunCounts(),
    failing_deliveries:
      schedule.state === "delivery_failing"
        ? (await listFailingDestinations(tx, { workspaceId: schedule.workspace_id, scheduleId: schedule.id })).map((d) => ({
            destination: destinationLabel(d.type, d.target),
            status: d.status,
            attempts: d.attempts,
            last_error: d.last_error,
            next_attempt_at: d.status === "pending" ? d.next_attempt_at : null,
          }))
        : [],
  });
}

/** The workspace's schedules by name with their timing: the editor's "Runs after" and the analytics page's choice. */
export function listScheduleChoices(actor: Actor, workspaceId: string): Promise<UpstreamChoice[]> {
  return runAsUser(actor, async (tx) => {
    await requireWorkspace(tx, actor, workspaceId, "read");
    return (await db.listScheduleTimings(tx, { workspaceId })).map((row) => ({ id: row.id, name: row.schedule_name, schedule_type: row.schedule_type, schedule_config: row.schedule_config }));
  });
}

export function getScheduleView(actor: Actor, workspaceId: string, id: string, previewCount = 5, now = new Date()): Promise<ScheduleView> {
  return runAsUser(actor, async (tx) => {
    const workspace = await requireWorkspace(tx, actor, workspaceId, "read");
    return detailedView(tx, actor, workspace, await requireSchedule(tx, workspaceId, id), previewCount, now);
  });
}

/**
 * Everything the schedule's page shows, with one access check in one transaction: the schedule with its
 * next runs, one page of its history, and the recent runs the chart draws.
 */
export function loadScheduleDetails(actor: Actor, workspaceId: string, id: string, history: RunListQuery, recentCount = 30) {
  return runAsUser(actor, async (tx) => {
    const workspace = await requireWorkspace(tx, actor, workspaceId, "read");
    const schedule = await detailedView(tx, actor, workspace, await requireSchedule(tx, workspaceId, id), 5);
    const filters = { scheduleId: id, status: history.status, trigger: history.trigger, limit: history.limit, offset: history.offset, position: history.cursor };
    const page = await withDeliveries(tx, workspaceId, await listRuns(tx, { workspaceId, filters }));
    const recent = await listRuns(tx, { workspaceId, filters: { scheduleId: id, limit: recentCount, offset: 0 } });
    const activity = activityLines(await listScheduleActivity(tx, { workspaceId, scheduleId: id }));
    return { schedule, history: page, recent, activity, is_owner: workspace.role === "owner" };
  });
}

/** Slots the list forecasts per schedule: enough to find the next report of a daily schedule on a monthly specification. */
const LIST_FORECAST_SLOTS = 40;

export function listScheduleViews(actor: Actor, workspaceId: string, query: ScheduleListQuery, now = new Date()) {
  return runAsUser(actor, async (tx) => {
    const workspace = await requireWorkspace(tx, actor, workspaceId, "read");
    const { items, total } = await db.listSchedules(tx, { workspaceId, query });
    const counts = await countRunsOfSchedules(tx, { workspaceId, scheduleIds: items.map((row) => row.id) });
    const forecasts = await forecastSchedules(tx, { workspaceId, rows: items, now, count: LIST_FORECAST_SLOTS });
    return {
      items: items.map((row) => {
        const forecast = forecasts.get(row.id);
        return view(row, {
          can_manage: canManageSchedule(actor, workspace, row),
          run_counts: counts.get(row.id) ?? noRunCounts(),
          next_report_at: forecast?.next_report_at ?? null,
          next_slot_skipped_by: forecast?.slots[0]?.takenBy ?? null,
          effective_cadence: forecast?.effective_cadence ?? null,
          never_delivers: forecast?.never_delivers ?? false,
        });
      }),
      total,
    };
  });
}

export function listScheduleRuns(actor: Actor, workspaceId: string, id: string, query: RunListQuery) {
  return runAsUser(actor, async (tx) => {
    await requireWorkspace(tx, actor, workspaceId, "read");
    await requireSchedule(tx, workspaceId, id);
    return withDeliveries(
      tx,
      workspaceId,
      await listRuns(tx, { workspaceId, filters: { scheduleId: id, status: query.status, trigger: query.trigger, limit: query.limit, offset: query.offset, position: query.cursor } }),
    );
  });
}

/** For the test-run service: the schedule, if `actor` may manage it. */
export function requireManagedSchedule(actor: Actor, workspaceId: string, id: string): Promise<db.ScheduleRow> {
  return runAsUser(actor, async (tx) => {
    const workspace = await requireWorkspace(tx, actor, workspaceId, "read");
    const schedule = await requireSchedule(tx, workspaceId, id);
    requireManage(actor, workspace, schedule);
    return schedule;
  });
}

/** How many schedules a workspace has (the first-report guide shows while it has none). */
export function countWorkspaceSchedules(actor: Actor, workspaceId: string): Promise<number> {
  return runAsUser(actor, async (tx) => {
    await requireWorkspace(tx, actor, workspaceId, "read");
    return db.countSchedules(tx, { workspaceId });
  });
}

/** The enabled schedules on a specification (what deactivating it would stop), for its page. */
export function listSchedulesOnSpecification(actor: Actor, workspaceId: string, specificationId: string) {
  return runAsUser(actor, async (tx) => {
    await requireWorkspace(tx, actor, workspaceId, "read");
    return db.listSchedulesOfSpecification(tx, { workspaceId, specificationId });
  });
}

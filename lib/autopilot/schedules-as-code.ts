import "server-only";
import { appendAudit } from "@/lib/db/audit-log";
import type { Queryable } from "@/lib/db/database";
import { listDestinations, type DestinationRow } from "@/lib/db/destinations";
import { runAsUser } from "@/lib/db/run-as";
import { listAllSchedules, type ScheduleRow } from "@/lib/db/schedules";
import { selectSpecifications } from "@/lib/db/specifications";
import type { Actor } from "@/lib/db/transactions";
import { AppError } from "@/lib/errors/app-error";
import { POLICY_FIELDS, type SchedulePolicy } from "@/lib/schedule/schedule-policy";
import { destinationLabel } from "@/lib/url-host";
import { SCHEDULE_DOCUMENT_VERSION, type ScheduleDocument, type ScheduleEntry } from "@/lib/validation/schedule-document";
import { scheduleCreateSchema, schedulePatchSchema, type ScheduleCreate } from "@/lib/validation/schedule";
import { fieldErrors } from "@/lib/validation/zod-error";
import { requireWorkspace } from "@/lib/workspaces/workspace-access";
import { DEFAULT_WAIT_MINUTES } from "./schedule-dependencies";
import { createScheduleIn, updateScheduleIn } from "./schedules";

export interface ScheduleChange {
  name: string;
  action: "create" | "update" | "unchanged";
  /** For an update: what changes ("schedule_config", "policy.max_retries", "email_to", …). */
  fields: string[];
}

export interface ImportResult {
  dry_run: boolean;
  changes: ScheduleChange[];
  counts: Record<ScheduleChange["action"], number>;
  /** The workspace's schedules the document does not name: left as they are (an import never deletes). */
  kept: string[];
}

type Timing = Pick<ScheduleCreate, "schedule_type" | "schedule_config" | "enabled" | "categories_override" | "regions_override" | "cadence_override" | "notes" | "editor_summary" | "starts_at" | "ends_at"> &
  SchedulePolicy;

const iso = (value: Date | null) => (value ? new Date(value).toISOString() : null);

/** JSON with object keys sorted: the database stores a config's keys in its own order. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${stableJson((value as Record<string, unknown>)[key])}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

function emailsOf(rows: DestinationRow[], scheduleId: string): string[] {
  return rows.filter((row) => row.schedule_id === scheduleId && row.type === "email").map((row) => row.target).sort();
}

/** A schedule as code: what export writes and import reads. */
function entryOf(row: ScheduleRow, destinations: DestinationRow[]) {
  const others = destinations.filter((d) => d.schedule_id === row.id && d.type !== "email").map((d) => destinationLabel(d.type, d.target));
  return {
    name: row.schedule_name,
    specification: row.specification_name,
    schedule_type: row.schedule_type,
    schedule_config: row.schedule_config,
    enabled: row.enabled,
    categories_override: row.categories_override,
    regions_override: row.regions_override,
    cadence_override: row.cadence_override,
    notes: row.notes,
    editor_summary: row.editor_summary,
    policy: Object.fromEntries(POLICY_FIELDS.map((field) => [field, row[field]])),
    starts_at: iso(row.starts_at),
    ends_at: iso(row.ends_at),
    email_to: emailsOf(destinations, row.id),
    also_reports_on: row.batch_specification_names,
    runs_after: row.depends_on_schedule_id ? row.depends_on_name : null,
    wait_minutes: row.depends_on_schedule_id ? row.wait_minutes : null,
    ...(others.length ? { not_exported: others } : {}),
  };
}

/** Upstreams before the schedules that run after them (an import creates them in this order), else by name. */
function upstreamsFirst(rows: ScheduleRow[]): ScheduleRow[] {
  const placed = new Set<string>();
  const ordered: ScheduleRow[] = [];
  const byId = new Map(rows.map((row) => [row.id, row]));
  const place = (row: ScheduleRow, depth: number) => {
    if (placed.has(row.id) || depth > rows.length) return;
    const upstream = row.depends_on_schedule_id ? byId.get(row.depends_on_schedule_id) : undefined;
    if (upstream) place(upstream, depth + 1);
    placed.add(row.id);
    ordered.push(row);
  };
  for (const row of rows) place(row, 0);
  return ordered;
}

/** Each compared field's value as text, so a stored schedule and a document's entry compare field by field. */
function comparable(values: Timing & { wait_minutes: number | null }, specification: string, emails: string[], runsAfter: string | null, alsoReportsOn: string[]): Record<string, string> {
  return {
    also_reports_on: JSON.stringify(alsoReportsOn),
    runs_after: JSON.stringify(runsAfter),
    wait_minutes: JSON.stringify(runsAfter ? values.wait_minutes : null),
    specification: JSON.stringify(specification),
    schedule_type: JSON.stringify(values.schedule_type),
    schedule_config: stableJson(values.schedule_config),
    enabled: JSON.stringify(values.enabled),
    categories_override: stableJson(values.categories_override),
    regions_override: stableJson(values.regions_override),
    cadence_override: JSON.stringify(values.cadence_override),
    notes: JSON.stringify(values.notes),
    editor_summary: JSON.stringify(values.editor_summary),
    ...Object.fromEntries(POLICY_FIELDS.map((field) => [`policy.${field}`, JSON.stringify(values[field])])),
    starts_at: JSON.stringify(iso(values.starts_at)),
    ends_at: JSON.stringify(iso(values.ends_at)),
    email_to: JSON.stringify([...new Set(emails.map((email) => email.toLowerCase()))].sort()),
  };
}

/** The workspace's schedules as one JSON document, specifications by name, secrets left out. */
export function exportSchedules(actor: Actor, workspaceId: string) {
  return runAsUser(actor, async (tx) => {
    await requireWorkspace(tx, actor, workspaceId, "read");
    const rows = await listAllSchedules(tx, { workspaceId });
    const destinations = await listDestinations(tx, { workspaceId, scheduleIds: rows.map((row) => row.id) });
    return { autopilot_schedules: SCHEDULE_DOCUMENT_VERSION, exported_at: new Date().toISOString(), schedules: upstreamsFirst(rows).map((row) => entryOf(row, destinations)) };
  });
}

/** An entry as the schedule API's request body. */
function requestOf(entry: ScheduleEntry, specificationId: string, upstreamId: string | null, batchIds: string[]): Record<string, unknown> {
  return {
    batch_specification_ids: batchIds,
    depends_on_schedule_id: upstreamId,
    wait_minutes: upstreamId ? (entry.wait_minutes ?? null) : null,
    specification_id: specificationId,
    schedule_name: entry.name,
    schedule_type: entry.schedule_type,
    schedule_config: entry.schedule_config,
    enabled: entry.enabled,
    categories_override: entry.categories_override ?? null,
    regions_override: entry.regions_override ?? null,
    cadence_override: entry.cadence_override ?? null,
    notes: entry.notes ?? null,
    editor_summary: entry.editor_summary ?? false,
    ...entry.policy,
    starts_at: entry.starts_at ?? null,
    ends_at: entry.ends_at ?? null,
    destinations: entry.email_to.length ? [{ type: "email", to: entry.email_to }] : [],
  };
}

/** A request field's place in the document ("destinations.0.to.1" is "email_to.1"). */
function documentPath(index: number, field: string): string {
  const [head, ...rest] = field.split(".");
  let path = field;
  if (head === "schedule_name") path = ["name", ...rest].join(".");
  else if (head === "specification_id") path = "specification";
  else if (head === "depends_on_schedule_id") path = "runs_after";
  else if (head === "batch_specification_ids") path = ["also_reports_on", ...rest].join(".");
  else if (head === "destinations") path = ["email_to", ...rest.slice(2)].join(".");
  else if ((POLICY_FIELDS as string[]).includes(head)) path = `policy.${field}`;
  return `schedules.${index}.${path}`;
}

function entryError(index: number, name: string, message: string, fields: Record<string, string> = {}): AppError {
  const located = Object.fromEntries(Object.entries(fields).map(([field, text]) => [documentPath(index, field), text]));
  return new AppError("validation_failed", `Schedule ${index} “${name}”: ${message}`, Object.keys(located).length ? located : { [`schedules.${index}`]: message });
}

/** Runs one entry's write; its refusal names the entry and its fields' places in the document. */
async function inEntry<T>(index: number, name: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const wrapped = entryError(index, name, error.message, error.fields);
    throw new AppError(error.code, wrapped.message, wrapped.fields);
  }
}

/** The PATCH that makes a stored schedule equal its entry: only the fields that differ (so a paused one stays paused). */
function patchOf(request: Record<string, unknown>, fields: string[], current: ScheduleRow, destinations: DestinationRow[]): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const field of fields) {
    if (field === "specification") patch.specification_id = request.specification_id;
    else if (field === "also_reports_on") patch.batch_specification_ids = request.batch_specification_ids;
    else if (field === "runs_after" || field === "wait_minutes") Object.assign(patch, { depends_on_schedule_id: request.depends_on_schedule_id, wait_minutes: request.wait_minutes });
    else if (field === "schedule_type" || field === "schedule_config") Object.assign(patch, { schedule_type: request.schedule_type, schedule_config: request.schedule_config });
    else if (field.startsWith("policy.")) patch[field.slice(7)] = request[field.slice(7)] ?? null;
    else if (field === "email_to") {
      // Chat channels and webhooks are not in the document: they are kept as they are (secrets included).
      const kept = destinations
        .filter((d) => d.schedule_id === current.id && d.type !== "email")
        .map((d) => (d.type === "webhook" ? { type: "webhook", url: d.target } : { type: d.type, keep: d.target }));
      patch.destinations = [...(request.destinations as unknown[]), ...kept];
    } else patch[field] = request[field];
  }
  return patch;
}

/** Thrown to roll a dry run's writes back and carry its result out of the transaction. */
class DryRunRollback extends Error {
  constructor(readonly result: ImportResult) {
    super("dry run");
  }
}

async function applyDocument(tx: Queryable, actor: Actor, workspaceId: string, document: ScheduleDocument, dryRun: boolean, now: Date): Promise<ImportResult> {
  const workspace = await requireWorkspace(tx, actor, workspaceId, "member");
  const specifications = await selectSpecifications(tx, { workspaceId });
  const existing = await listAllSchedules(tx, { workspaceId });
  const destinations = await listDestinations(tx, { workspaceId, scheduleIds: existing.map((row) => row.id) });
  const ids = new Map(existing.map((row) => [row.schedule_name, row.id]));
  const changes: ScheduleChange[] = [];
  for (const [index, entry] of document.schedules.entries()) {
    const unknownPolicy = Object.keys(entry.policy).find((key) => !(POLICY_FIELDS as string[]).includes(key));
    if (unknownPolicy) throw entryError(index, entry.name, `policy has no “${unknownPolicy}”`, { [`policy.${unknownPolicy}`]: `not a policy; policies are ${POLICY_FIELDS.join(", ")}` });
    const specificationNamed = (name: string, field: string) => {
      const found = specifications.filter((spec) => spec.name === name);
      if (found.length === 1) return found[0];
      const message = found.length ? `${found.length} specifications are called “${name}”; rename them apart first` : `this workspace has no specification called “${name}”`;
      throw entryError(index, entry.name, message, { [field]: message });
    };
    const specs = [specificationNamed(entry.specification, "specification_id")];
    const batchIds = entry.also_reports_on.map((name, position) => specificationNamed(name, `batch_specification_ids.${position}`).id);
    // The schedule it runs after: one of the workspace's, or one this document created before it.
    const upstreamId = entry.runs_after ? (ids.get(entry.runs_after) ?? null) : null;
    if (entry.runs_after && !upstreamId) {
      throw entryError(index, entry.name, `runs_after: no schedule called “${entry.runs_after}” (it must exist or come earlier in the document)`, { depends_on_schedule_id: `no schedule called “${entry.runs_after}”` });
    }
    const request = requestOf(entry, specs[0].id, upstreamId, batchIds);
    const parsed = scheduleCreateSchema.safeParse(request);
    if (!parsed.success) {
      const fields = fieldErrors(parsed.error);
      throw entryError(index, entry.name, Object.entries(fields).slice(0, 2).map(([field, text]) => `${field}: ${text}`).join("; "), fields);
    }
    const matches = existing.filter((row) => row.schedule_name === entry.name);
    if (matches.length > 1) throw entryError(index, entry.name, `${matches.length} schedules of this workspace are called “${entry.name}”; rename them apart first`, { schedule_name: "names more than one schedule" });
    if (matches.length === 0) {
      const created = await inEntry(index, entry.name, () => createScheduleIn(tx, actor, workspaceId, parsed.data, now));
      ids.set(entry.name, created.id);
      changes.push({ name: entry.name, action: "create", fields: [] });
      continue;
    }
    const [current] = matches;
    const wanted = comparable({ ...parsed.data, wait_minutes: parsed.data.wait_minutes ?? DEFAULT_WAIT_MINUTES }, specs[0].name, entry.email_to, entry.runs_after, entry.also_reports_on);
    const stored = comparable(current, current.specification_name, emailsOf(destinations, current.id), current.depends_on_schedule_id ? current.depends_on_name : null, current.batch_specification_names);
    const fields = Object.keys(wanted).filter((field) => wanted[field] !== stored[field]);
    if (fields.length === 0) {
      changes.push({ name: entry.name, action: "unchanged", fields });
      continue;
    }
    const patch = schedulePatchSchema.parse(patchOf(request, fields, current, destinations));
    await inEntry(index, entry.name, () => updateScheduleIn(tx, actor, workspace, current.id, patch, now));
    changes.push({ name: entry.name, action: "update", fields });
  }
  const named = new Set(document.schedules.map((entry) => entry.name));
  const counts = { create: 0, update: 0, unchanged: 0 };
  for (const change of changes) counts[change.action]++;
  const result: ImportResult = { dry_run: dryRun, changes, counts, kept: existing.filter((row) => !named.has(row.schedule_name)).map((row) => row.schedule_name) };
  if (dryRun) throw new DryRunRollback(result);
  await appendAudit(tx, { workspaceId, actorType: "user", actorId: actor.id, actorEmail: actor.email, action: "schedules.import", entityType: "workspace", entityId: workspaceId, details: { ...counts } });
  return result;
}

/**
 * Makes the workspace's schedules match the document, all or nothing, in one transaction: schedules matched
 * by name are updated where they differ, new names are created, others are kept. A dry run does exactly the
 * same and rolls it back, so what it shows (or refuses) is what applying does.
 */
export async function importSchedules(actor: Actor, workspaceId: string, document: ScheduleDocument, { dryRun, now = new Date() }: { dryRun: boolean; now?: Date }): Promise<ImportResult> {
  try {
    return await runAsUser(actor, (tx) => applyDocument(tx, actor, workspaceId, document, dryRun, now));
  } catch (error) {
    if (error instanceof DryRunRollback) return error.result;
    throw error;
  }
}

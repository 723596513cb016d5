import { createHash } from "node:crypto";
import { appendAudit } from "@/lib/db/audit-log";
import { listItemsInWindow, upsertContentItems } from "@/lib/db/content-items";
import type { Database, Queryable } from "@/lib/db/database";
import { insertReportFile } from "@/lib/db/report-files";
import { finishRun, insertRun, type Cadence, type Run, type RunTrigger } from "@/lib/db/runs";
import { getSpecification, type Specification } from "@/lib/db/specifications";
import { withSystem } from "@/lib/db/transactions";
import { formatUtc } from "@/lib/format-time";
import { AppError } from "@/lib/http/app-error";
import { GLOBAL_REGION } from "@/lib/validation/specification";
import { fetchFeedItems } from "./feeds/fetch-feed-items";
import { checkFrequencyLimit } from "./frequency-limit";
import { renderReport } from "./render-report";
import { reportWindow } from "./report-window";
import { selectItems } from "./select-items";

/** Who asked for the report; it appears in the report's header and the run's record. */
export type GeneratorActor =
  | { kind: "user"; id: string; email: string }
  | { kind: "schedule"; scheduleId: string; scheduleName: string };

export interface GeneratorRequest {
  workspaceId: string;
  specificationId: string;
  actor: GeneratorActor;
  /** null/undefined = every category / region of the specification (the seed's default). */
  categoriesOverride?: string[] | null;
  regionsOverride?: string[] | null;
  cadenceOverride?: Cadence | null;
  trigger: RunTrigger;
  autopilotScheduleId?: string | null;
  /** The slot this run is for; the report's period ends here (else now). */
  scheduledFor?: Date | null;
  missedSlots?: number;
  /** The zone the report's dates are shown in (a schedule's zone; UTC otherwise). */
  timeZone?: string;
  /** Manual runs obey the frequency limit unless they carry a cadence override. */
  enforceFrequencyLimit?: boolean;
  /** For test runs: the schedule being tried, named in the report's header. */
  scheduleName?: string;
}

/** The slot already has its run (another tick got there first): nothing was written. */
export class SlotTakenError extends AppError {
  constructor() {
    super("conflict", "This schedule slot already has a run");
  }
}

/** Runs inside the transaction that ends the run, so whatever it records lands together with the run's end. */
export type RunFinishHook = (tx: Queryable, run: Run) => Promise<void>;

interface Selection {
  spec: Specification;
  categoryIds: string[];
  regions: string[];
  cadence: Cadence;
}

/** Overrides must name categories and regions the specification has; nothing is written otherwise. */
function resolveSelection(spec: Specification, request: GeneratorRequest): Selection {
  const known = new Set(spec.categories.map((c) => c.id));
  const unknownCategories = (request.categoriesOverride ?? []).filter((id) => !known.has(id));
  if (unknownCategories.length) {
    throw new AppError("validation_failed", `Unknown category: ${unknownCategories.join(", ")}`, {
      categories_override: `Not a category of "${spec.name}": ${unknownCategories.join(", ")}`,
    });
  }
  const unknownRegions = (request.regionsOverride ?? []).filter((region) => !spec.regions.includes(region));
  if (unknownRegions.length) {
    throw new AppError("validation_failed", `Unknown region: ${unknownRegions.join(", ")}`, {
      regions_override: `Not a region of "${spec.name}": ${unknownRegions.join(", ")}`,
    });
  }
  const categoryIds = request.categoriesOverride?.length ? request.categoriesOverride : spec.categories.map((c) => c.id);
  const regions = request.regionsOverride?.length ? request.regionsOverride : spec.regions;
  return { spec, categoryIds, regions, cadence: request.cadenceOverride ?? spec.frequency };
}

function describeActor(request: GeneratorRequest): string {
  const { actor } = request;
  if (actor.kind === "schedule") return `schedule “${actor.scheduleName}”`;
  return request.trigger === "test" ? `a test run of schedule “${request.scheduleName}” by ${actor.email}` : actor.email;
}

/**
 * Checks the request and records the run as running. Throws AppError (404, 409, 400) and writes nothing
 * when the run may not happen.
 */
export async function startGeneratorRun(db: Database, request: GeneratorRequest): Promise<Run> {
  return withSystem(db, async (tx) => {
    const spec = await getSpecification(tx, { workspaceId: request.workspaceId, id: request.specificationId });
    if (!spec) throw new AppError("not_found", "Specification not found");
    if (spec.status !== "active") throw new AppError("conflict", "Specification is not active");
    const selection = resolveSelection(spec, request);
    const end = request.scheduledFor ?? new Date();

    if (request.enforceFrequencyLimit && !request.cadenceOverride) {
      const verdict = await checkFrequencyLimit(tx, { specificationId: spec.id, frequency: spec.frequency, at: new Date() });
      if (!verdict.allowed) {
        throw new AppError(
          "conflict",
          `“${spec.name}” already has a ${spec.frequency} report; the next one is allowed from ${formatUtc(verdict.nextEligibleAt)} (or choose a cadence override)`,
          { next_eligible_at: verdict.nextEligibleAt!.toISOString() },
        );
      }
    }

    const window = reportWindow(selection.cadence, end);
    const run = await insertRun(tx, {
      workspaceId: spec.workspace_id,
      specificationId: spec.id,
      specificationName: spec.name,
      trigger: request.trigger,
      autopilotScheduleId: request.autopilotScheduleId,
      scheduledFor: request.scheduledFor,
      missedSlots: request.missedSlots,
      categories: selection.categoryIds,
      regions: selection.regions,
      cadence: selection.cadence,
      cadenceOverridden: Boolean(request.cadenceOverride),
      periodStart: window.start,
      periodEnd: window.end,
      createdBy: request.actor.kind === "user" ? request.actor.id : null,
      createdByEmail: request.actor.kind === "user" ? request.actor.email : null,
    });
    if (!run) throw new SlotTakenError();
    if (request.actor.kind === "user") {
      await appendAudit(tx, {
        workspaceId: spec.workspace_id,
        actorType: "user",
        actorId: request.actor.id,
        actorEmail: request.actor.email,
        action: "run.start",
        entityType: "newsletter_run",
        entityId: run.id,
        details: { specification_id: spec.id, trigger: request.trigger, cadence: selection.cadence },
      });
      if (request.trigger === "test" && request.autopilotScheduleId) {
        // The schedule's own trail records its test runs, in the transaction that creates the run.
        await appendAudit(tx, {
          workspaceId: spec.workspace_id,
          actorType: "user",
          actorId: request.actor.id,
          actorEmail: request.actor.email,
          action: "schedule.test_run",
          entityType: "autopilot_schedule",
          entityId: request.autopilotScheduleId,
          details: { schedule_name: request.scheduleName, run_id: run.id },
        });
      }
    }
    return run;
  });
}

/** Pulls the specification's feeds for the selected categories into content_items; failures become notes. */
async function refreshFeeds(db: Database, spec: Specification, categoryIds: string[], now: Date): Promise<string[]> {
  const feeds = spec.feeds.filter((feed) => categoryIds.includes(feed.category_id));
  const results = await Promise.allSettled(feeds.map((feed) => fetchFeedItems(feed, now)));
  const notes: string[] = [];
  const items = results.flatMap((result, index) => {
    if (result.status === "fulfilled") return result.value;
    const reason = result.reason instanceof Error ? result.reason.message : String(result.reason);
    notes.push(`Feed ${feeds[index].url} failed: ${reason}. The report uses the items already stored.`);
    return [];
  });
  if (items.length) await withSystem(db, (tx) => upsertContentItems(tx, { workspaceId: spec.workspace_id, items }));
  return notes;
}

/**
 * Does the work of a started run: feeds, selection, rendering, storage. The HTML and the run's success are
 * written in one transaction, so a successful run always has its file. Never throws: a failure is recorded
 * on the run (status failed, error) and the run is returned.
 */
export async function completeGeneratorRun(
  db: Database,
  run: Run,
  request: GeneratorRequest,
  onFinish?: RunFinishHook,
): Promise<Run> {
  let notes: string[] = [];
  try {
    const spec = await withSystem(db, (tx) => getSpecification(tx, { workspaceId: run.workspace_id, id: request.specificationId }));
    if (!spec) throw new Error("The specification was deleted while the report was being generated");
    const categories = spec.categories.filter((c) => run.categories.includes(c.id));
    notes = await refreshFeeds(db, spec, run.categories, new Date());
    const regions = spec.feeds.some((feed) => !feed.region) ? [...run.regions, GLOBAL_REGION] : run.regions;

    return await withSystem(db, async (tx) => {
      const items = await listItemsInWindow(tx, {
        workspaceId: run.workspace_id,
        regions,
        start: run.period_start!,
        end: run.period_end!,
      });
      const sections = selectItems(items, categories, regions);
      const html = renderReport(sections, {
        specificationName: spec.name,
        cadence: run.cadence!,
        periodStart: run.period_start!,
        periodEnd: run.period_end!,
        timeZone: request.timeZone ?? "UTC",
        generatedAt: new Date(),
        generatedBy: describeActor(request),
        regions,
        notes,
      });
      const bytes = Buffer.byteLength(html, "utf8");
      const sha256 = createHash("sha256").update(html, "utf8").digest("hex");
      await insertReportFile(tx, { runId: run.id, workspaceId: run.workspace_id, html, bytes, sha256 });
      const itemCount = sections.reduce((sum, section) => sum + section.count, 0);
      const finished = await finishRun(tx, { id: run.id, status: "success", itemCount, notes });
      await onFinish?.(tx, finished);
      return finished;
    });
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
    console.error(JSON.stringify({ level: "error", msg: "report generation failed", run_id: run.id, error: message }));
    return withSystem(db, async (tx) => {
      const finished = await finishRun(tx, { id: run.id, status: "failed", error: message, notes });
      await onFinish?.(tx, finished);
      return finished;
    });
  }
}

export interface StartedRun {
  run: Run;
  /** The rest of the work, for the caller to run after answering (Next's `after()`). */
  complete: () => Promise<Run>;
}

/** For request handlers: the run recorded now (to answer 202 with it), the report made later. */
export async function beginGeneratorRun(db: Database, request: GeneratorRequest): Promise<StartedRun> {
  const run = await startGeneratorRun(db, request);
  return { run, complete: () => completeGeneratorRun(db, run, request) };
}

/** The seed's execute_generator(): one function for the Generate page, the Test run button and the tick. */
export async function executeGenerator(db: Database, request: GeneratorRequest, onFinish?: RunFinishHook): Promise<Run> {
  const run = await startGeneratorRun(db, request);
  return completeGeneratorRun(db, run, request, onFinish);
}

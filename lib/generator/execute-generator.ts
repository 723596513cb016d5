import "server-only";
import { createHash } from "node:crypto";
import { appendAudit } from "@/lib/db/audit-log";
import { listReportItems, upsertContentItems } from "@/lib/db/content-items";
import type { Database, Queryable } from "@/lib/db/database";
import { insertReportFiles, type NewReportFile } from "@/lib/db/report-files";
import { reportDigest } from "./report-digest";
import { reportChanges } from "./report-changes";
import { writeEditorSummary } from "@/lib/summary/write-summary";
import { findLastReportKeys, finishRuns, getRun, insertRun, insertRuns, recordSummaryCosts, type Cadence, type NewRun, type Run, type RunResult, type RunTrigger } from "@/lib/db/runs";
import { findSpecification, type Specification } from "@/lib/db/specifications";
import { withSystem } from "@/lib/db/transactions";
import { autopilotSettings } from "@/lib/config";
import { AppError } from "@/lib/errors/app-error";
import { log } from "@/lib/log";
import { GLOBAL_REGION } from "@/lib/validation/specification";
import { fetchFeedItems } from "./feeds/fetch-feed-items";
import { renderReport } from "./render-report";
import { reportWindow } from "./report-window";
import { admitRun, periodTakenRefusal, type RunRefusal } from "./run-admission";
import { countPeopleRuns, lockWorkspaceForRunStart } from "@/lib/db/work-caps";
import { WORK_CAPS } from "@/lib/workspaces/work-caps";
import { buildSections, keywordPattern } from "./select-items";
import { hasNewItems, itemKeysOf } from "./new-content";
import { formatLocal } from "@/lib/schedule/zoned-time";

/** Who asked for the report; it appears in the report's header and the run's record. */
export type GeneratorActor =
  | { kind: "user"; id: string; email: string }
  | { kind: "schedule"; scheduleId: string; scheduleName: string };

export interface GeneratorRequest {
  workspaceId: string;
  specificationId: string;
  actor: GeneratorActor;
  /** null/undefined = every category / region of the specification (by default a report covers everything). */
  categoriesOverride?: string[] | null;
  regionsOverride?: string[] | null;
  cadenceOverride?: Cadence | null;
  trigger: RunTrigger;
  autopilotScheduleId?: string | null;
  /** The slot this run is for; the report's period ends here (else now). */
  scheduledFor?: Date | null;
  missedSlots?: number;
  /** The zone the report's dates are shown in, and whose calendar a scheduled run's frequency period follows. */
  timeZone?: string;
  /** For test runs: the schedule being tried, named in the report's header. */
  scheduleName?: string;
  /** The specification as the caller already holds it (the tick's claim reads it with the schedule). */
  specification?: Specification | null;
  /** The clock; simulations move it. */
  clock?: () => Date;
  /** How long the run may take before recovery fails it "timed out" (default AUTOPILOT_RUN_TIMEOUT_SECONDS). */
  runTimeoutSeconds?: number;
  /** A schedule's content policy: skip the report when it would hold nothing new, or nothing at all. */
  contentPolicy?: { onlyWhenNew: boolean; skipWhenEmpty: boolean };
  /** The schedule asks for an editor's summary (written only when a model is configured). */
  editorSummary?: boolean;
  /** A further report of a batch's Test run: its place in the batch and the test run it goes with. */
  batch?: { position: number; leadRunId: string };
}

/** Runs inside the transaction that ends the run, so whatever it records lands together with the run's end. */
export type RunFinishHook = (tx: Queryable, run: Run) => Promise<void>;

export type StartOutcome = { run: Run; spec: Specification; refusal?: undefined } | { run?: undefined; refusal: RunRefusal };

/** How a refusal reads to an API caller. */
export function refusalError(refusal: RunRefusal): AppError {
  switch (refusal.kind) {
    case "specification_missing":
      return new AppError("not_found", refusal.message);
    case "invalid_overrides":
      return new AppError("validation_failed", refusal.message, refusal.fields);
    case "period_taken":
      return new AppError("conflict", `${refusal.message} (or choose a cadence override)`, {
        next_eligible_at: refusal.period.end.toISOString(),
      });
    case "test_in_progress":
      return new AppError("conflict", "A test run of this schedule is already running; wait for it to finish");
    case "busy":
      return new AppError("too_many_attempts", refusal.message, undefined, { "Retry-After": String(refusal.retryAfterSeconds) });
    default:
      return new AppError("conflict", refusal.message);
  }
}

function describeActor(request: GeneratorRequest): string {
  const { actor } = request;
  if (actor.kind === "schedule") return `schedule “${actor.scheduleName}”`;
  return request.trigger === "test" ? `a test run of schedule “${request.scheduleName}” by ${actor.email}` : actor.email;
}

const clockOf = (request: GeneratorRequest) => request.clock ?? (() => new Date());

/**
 * Admits the run and records it as running with its deadline, in one transaction; writes nothing when the
 * run may not happen and says why.
 */
export async function tryStartGeneratorRun(db: Database, request: GeneratorRequest): Promise<StartOutcome> {
  const settings = autopilotSettings();
  return withSystem(db, async (tx) => {
    const now = clockOf(request)();
    const spec =
      request.specification !== undefined
        ? request.specification
        : await findSpecification(tx, { workspaceId: request.workspaceId, id: request.specificationId });
    const admission = await admitRun(tx, spec, {
      trigger: request.trigger,
      categoriesOverride: request.categoriesOverride,
      regionsOverride: request.regionsOverride,
      cadenceOverride: request.cadenceOverride,
      periodAt: request.scheduledFor ?? now,
      periodTimeZone: request.trigger === "autopilot" ? (request.timeZone ?? "UTC") : "UTC",
    });
    if (!admission.admitted) return { refusal: admission.refusal };
    const { selection, period } = admission;
    // A batch's Test run was let through as one: its further reports are part of it.
    if (request.trigger !== "autopilot" && !request.batch) {
      const busy = await peopleRunsRefusal(tx, selection.spec.workspace_id, now);
      if (busy) return { refusal: busy };
    }
    const window = reportWindow(selection.cadence, request.scheduledFor ?? now);
    const inserted = await insertRun(tx, {
      workspaceId: selection.spec.workspace_id,
      specificationId: selection.spec.id,
      specificationName: selection.spec.name,
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
      frequencyPeriod: period?.key ?? null,
      startedAt: now,
      deadlineAt: new Date(now.getTime() + (request.runTimeoutSeconds ?? settings.runTimeoutSeconds) * 1000),
      batchPosition: request.batch?.position ?? null,
      batchLeadRunId: request.batch?.leadRunId ?? null,
    });
    if (inserted.conflict === "period_taken") return { refusal: periodTakenRefusal(selection.spec, period!) };
    if (inserted.conflict === "slot_taken") return { refusal: { kind: "slot_taken", message: "This schedule slot already has a run" } };
    if (inserted.conflict) return { refusal: { kind: "test_in_progress", message: "A test run of this schedule is already running" } };
    const { run } = inserted;
    if (request.actor.kind === "user") {
      await appendAudit(tx, {
        workspaceId: selection.spec.workspace_id,
        actorType: "user",
        actorId: request.actor.id,
        actorEmail: request.actor.email,
        action: "run.start",
        entityType: "newsletter_run",
        entityId: run.id,
        details: { specification_id: selection.spec.id, trigger: request.trigger, cadence: selection.cadence, frequency_period: period?.key ?? null },
      });
      if (request.trigger === "test" && request.autopilotScheduleId && !request.batch) {
        // The schedule's own trail records its test runs, in the transaction that creates the run.
        await appendAudit(tx, {
          workspaceId: selection.spec.workspace_id,
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
    return { run, spec: selection.spec };
  });
}

/** People's runs are capped per workspace: so many generating at once, so many an hour. */
async function peopleRunsRefusal(tx: Queryable, workspaceId: string, now: Date): Promise<RunRefusal | null> {
  await lockWorkspaceForRunStart(tx, workspaceId);
  const { running, recent, oldestRecent } = await countPeopleRuns(tx, { workspaceId, since: new Date(now.getTime() - 3_600_000) });
  if (running >= WORK_CAPS.runsInProgressPerWorkspace) {
    return { kind: "busy", message: `${running} reports are being generated in this workspace already; wait for one to finish`, retryAfterSeconds: 30 };
  }
  if (recent >= WORK_CAPS.manualRunsPerHour) {
    const retryAfterSeconds = Math.max(1, Math.ceil(((oldestRecent?.getTime() ?? now.getTime()) + 3_600_000 - now.getTime()) / 1000));
    return { kind: "busy", message: `This workspace started ${recent} reports in the last hour, the most it may; try again in ${Math.ceil(retryAfterSeconds / 60)} minutes`, retryAfterSeconds };
  }
  return null;
}

/** For API callers: the started run, or the refusal as an error (404, 409, 400) with nothing written. */
export async function startGeneratorRun(db: Database, request: GeneratorRequest): Promise<{ run: Run; spec: Specification }> {
  const outcome = await tryStartGeneratorRun(db, request);
  if (outcome.refusal) throw refusalError(outcome.refusal);
  return outcome;
}

/** Pulls the specification's feeds for the selected categories into content_items; failures become notes. */
async function refreshFeeds(db: Database, spec: Specification, categoryIds: string[], now: Date): Promise<string[]> {
  const feeds = spec.feeds.filter((feed) => categoryIds.includes(feed.category_id));
  const results = await Promise.allSettled(feeds.map((feed) => fetchFeedItems(feed, now, spec.workspace_id)));
  const notes: string[] = [];
  const items = results.flatMap((result, index) => {
    if (result.status === "fulfilled") return result.value;
    const reason = result.reason instanceof Error ? result.reason.message : String(result.reason);
    notes.push(`Feed ${feeds[index].url} failed: ${reason}. The report uses the items already stored.`);
    return [];
  });
  if (items.length) {
    const max = WORK_CAPS.contentItemsPerWorkspace;
    const stored = await withSystem(db, (tx) => upsertContentItems(tx, { workspaceId: spec.workspace_id, items, limit: { max, overflow: "keep_newest" } }));
    if ("dropped" in stored && stored.dropped > 0) {
      notes.push(`${stored.dropped} new feed items were not stored: the workspace holds at most ${max} items.`);
    }
  }
  return notes;
}

/** A failure that trying again cannot fix. */
class PermanentRunError extends Error {}

/** What generating a started run produced: its result, and the report when it succeeded. */
export interface RunOutcome extends RunResult {
  run: Run;
  report: NewReportFile | null;
  /** What the editor's summary cost, when one was asked for (note: why the report shipped without it). */
  summaryCost?: { tokens: number; ms: number; note: string | null };
}

/**
 * Does the work of a started run without recording its end: feeds, selection, rendering. Never throws: a
 * failure becomes a failed outcome with the message.
 */
export async function renderRun(db: Database, run: Run, request: GeneratorRequest): Promise<RunOutcome> {
  const clock = clockOf(request);
  let notes: string[] = [];
  try {
    const spec = request.specification ?? (await withSystem(db, (tx) => findSpecification(tx, { workspaceId: run.workspace_id, id: request.specificationId })));
    if (!spec) throw new PermanentRunError("The specification was deleted while the report was being generated");
    const categories = spec.categories.filter((c) => run.categories.includes(c.id));
    notes = await refreshFeeds(db, spec, run.categories, clock());
    const regions = spec.feeds.some((feed) => !feed.region) ? [...run.regions, GLOBAL_REGION] : run.regions;
    const bounds = autopilotSettings().reportBounds;
    const matched = await withSystem(db, (tx) =>
      listReportItems(tx, {
        workspaceId: run.workspace_id,
        categories: categories.map((category) => ({ id: category.id, pattern: keywordPattern(category.keywords) })),
        regions,
        start: run.period_start!,
        end: run.period_end!,
        perSection: bounds.perSection,
      }),
    );
    const sections = buildSections(matched, categories, regions, bounds);
    const itemCount = sections.reduce((sum, section) => sum + section.count, 0);
    const itemKeys = itemKeysOf(sections);
    const skip = await contentPolicySkip(db, run, request, itemCount, itemKeys);
    if (skip) return { run, id: run.id, status: "skipped", itemCount, error: skip, notes, finishedAt: clock(), report: null };
    const changes = await withSystem(db, (tx) => reportChanges(tx, { workspaceId: run.workspace_id, scheduleId: run.autopilot_schedule_id, specificationId: run.specification_id, keys: itemKeys }));
    // The summary may take what is left of the run's time, less a margin to render and record the report.
    const editor = request.editorSummary
      ? await writeEditorSummary(db, { workspaceId: run.workspace_id, sections, deadline: (run.deadline_at?.getTime() ?? clock().getTime() + 60_000) - 5_000, now: clock() })
      : null;
    if (editor?.note) notes = [...notes, editor.note];
    const html = renderReport(sections, {
      specificationName: spec.name,
      cadence: run.cadence!,
      periodStart: run.period_start!,
      periodEnd: run.period_end!,
      timeZone: request.timeZone ?? "UTC",
      generatedAt: clock(),
      generatedBy: describeActor(request),
      regions,
      notes,
      changes,
      summary: editor?.summary ?? null,
    });
    const report = {
      runId: run.id,
      workspaceId: run.workspace_id,
      html,
      bytes: Buffer.byteLength(html, "utf8"),
      sha256: createHash("sha256").update(html, "utf8").digest("hex"),
      digest: reportDigest(sections, changes),
    };
    const summaryCost = editor ? { tokens: editor.tokens, ms: editor.ms, note: editor.note } : undefined;
    return { run, id: run.id, status: "success", itemCount, error: null, notes, finishedAt: clock(), report, itemKeys, summaryCost };
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
    log.error({ run_id: run.id, error: message }, "report generation failed");
    return { run, id: run.id, status: "failed", itemCount: null, error: message, notes, finishedAt: clock(), report: null, permanent: error instanceof PermanentRunError };
  }
}

/**
 * Why a scheduled run makes no report under its schedule's content policy, or null: nothing in its window
 * ("skip when empty"), or nothing its schedule's last successful report did not already hold ("only when new").
 */
async function contentPolicySkip(db: Database, run: Run, request: GeneratorRequest, itemCount: number, itemKeys: string[]): Promise<string | null> {
  const policy = request.contentPolicy;
  if (!policy || run.trigger !== "autopilot" || !run.autopilot_schedule_id) return null;
  if (policy.skipWhenEmpty && itemCount === 0) return "Nothing to report: no items in the report's period";
  if (!policy.onlyWhenNew) return null;
  const last = await withSystem(db, (tx) => findLastReportKeys(tx, { workspaceId: run.workspace_id, scheduleId: run.autopilot_schedule_id!, specificationId: run.specification_id }));
  if (!last || hasNewItems(itemKeys, last.item_keys)) return null;
  return `No new content since the last report (${formatLocal(request.timeZone ?? "UTC", last.finished_at.getTime())} ${request.timeZone ?? "UTC"})`;
}

/**
 * Records the ends of runs in the caller's transaction: each run's result and, for a success, its report, so a
 * successful run always has its file. A run that recovery already failed for passing its deadline keeps that
 * outcome: its late result is discarded. A run in `unwritten` (ended before its start was written) is written
 * once, with its result, or ended in place if its start was written meanwhile; one the database refuses (its
 * slot or period taken by another run) is left out. Returns the runs it ended.
 */
export async function recordRunOutcomes(tx: Queryable, outcomes: RunOutcome[], unwritten: ReadonlyMap<string, NewRun> = new Map()): Promise<Run[]> {
  const inserted = await insertRuns(
    tx,
    outcomes.flatMap((o) => {
      const run = unwritten.get(o.id);
      return run ? [{ ...run, status: o.status, error: o.error, itemCount: o.itemCount, notes: o.notes, finishedAt: o.finishedAt, itemKeys: o.itemKeys ?? null }] : [];
    }),
  );
  const insertedIds = new Set(inserted.map((run) => run.id));
  // A run whose start another transaction wrote meanwhile (the insert waited for it) is ended like a written one.
  const ended = [...inserted, ...(await finishRuns(tx, outcomes.filter((o) => !insertedIds.has(o.id))))];
  const endedIds = new Set(ended.map((run) => run.id));
  const reported = new Set(outcomes.filter((o) => o.status === "success" && o.report && endedIds.has(o.id)).map((o) => o.id));
  await insertReportFiles(tx, outcomes.filter((o) => reported.has(o.id)).map((o) => o.report!));
  await recordSummaryCosts(tx, outcomes.flatMap((o) => (o.summaryCost && endedIds.has(o.id) ? [{ runId: o.id, ...o.summaryCost }] : [])));
  return ended.map((run) => ({ ...run, has_report: reported.has(run.id) }));
}

/**
 * Generates a started run and records its end (Generate and Test run, after the response). Never throws.
 * `onFinish` runs in the transaction that ends the run, unless recovery had already ended it.
 */
export async function completeGeneratorRun(db: Database, run: Run, request: GeneratorRequest, onFinish?: RunFinishHook): Promise<Run> {
  const outcome = await renderRun(db, run, request);
  const finished = await withSystem(db, async (tx) => {
    const [ended] = await recordRunOutcomes(tx, [outcome]);
    if (ended) await onFinish?.(tx, ended);
    return ended;
  });
  return finished ?? (await currentState(db, run));
}

async function currentState(db: Database, run: Run): Promise<Run> {
  return (await withSystem(db, (tx) => getRun(tx, { workspaceId: run.workspace_id, id: run.id }))) ?? run;
}

export interface StartedRun {
  run: Run;
  /** The rest of the work, for the caller to run after answering (Next's `after()`). */
  complete: () => Promise<Run>;
}

/** For request handlers: the run recorded now (to answer 202 with it), the report made later. */
export async function beginGeneratorRun(db: Database, request: GeneratorRequest, onFinish?: RunFinishHook): Promise<StartedRun> {
  const { run, spec } = await startGeneratorRun(db, request);
  return { run, complete: () => completeGeneratorRun(db, run, { ...request, specification: spec }, onFinish) };
}

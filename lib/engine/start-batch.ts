import "server-only";
import { randomUUID } from "node:crypto";
import { appendAudits, type AuditEntry } from "@/lib/db/audit-log";
import type { Database, Queryable } from "@/lib/db/database";
import {
  dropRetry,
  findPeriodHolders,
  markSchedulesError,
  recordScheduleOutcomes,
  restartRunForRetry,
  settleTakenSlot,
  type ClaimedScheduleRow,
} from "@/lib/db/engine";
import { enqueueOwnerAlerts } from "@/lib/db/owner-alerts";
import { ownerAlertsOf } from "./owner-alerts";
import { gateDependents } from "./upstream-gate";
import { insertRuns, plannedRun, whichConflict, type NewRun, type Run } from "@/lib/db/runs";
import type { ScheduleRow } from "@/lib/db/schedules";
import type { Specification } from "@/lib/db/specifications";
import type { GeneratorRequest, RunOutcome } from "@/lib/generator/execute-generator";
import { reportWindow } from "@/lib/generator/report-window";
import { checkRun, periodTakenRefusal, type RunRefusal } from "@/lib/generator/run-admission";
import type { Logger } from "@/lib/log";
import { followingSlot, latestDueSlot, nextSlotAfter } from "@/lib/schedule/due-slot";
import { catchUpWindowMs, runTimeoutFor } from "@/lib/schedule/schedule-policy";
import { describeMinutes } from "@/lib/schedule/describe-policy";
import type { FrequencyPeriod } from "@/lib/schedule/frequency-period";

/** What the engine drives: the real report generator, or a stand-in (benchmarks and simulations). */
export interface EngineGenerator {
  render: (db: Database, run: Run, request: GeneratorRequest) => Promise<RunOutcome>;
}

export interface EngineContext {
  clock: () => Date;
  /** The deployment's run timeout: the default and the most a schedule's own timeout may be. */
  runTimeoutSeconds: number;
  generator: EngineGenerator;
  /** The tick's logger (carries its tick_id). */
  log: Logger;
  /**
   * Write a first attempt's run when its slot is claimed (true), or only once it ends or has been generating
   * for a while (false: a quick run is written once, with its result; see run-tick).
   */
  recordStartsAtClaim: boolean;
}

export interface ClaimedSchedule {
  schedule: ClaimedScheduleRow;
  spec: Specification | null;
  /** A batch's further specifications, in order (the schedule's own workspace's only). */
  batchSpecs?: Specification[];
}

/** One further report of a batch slot, as its claim decided it: made, or skipped with the reason. */
export interface FurtherReportPlan {
  spec: Specification;
  /** Why it is not made (its period has its report, the specification is inactive), or null. */
  skip: string | null;
}

/** A batch schedule's slot: its own report, then one per further specification (see batch-reports). */
export interface BatchSlot {
  specs: FurtherReportPlan[];
  /** Why the slot's own report is not made (its frequency period has its report already); the others still are. */
  leadSkip: string | null;
}

/** A claimed schedule's slot with its run started: what generation and the outcome flush need. */
export interface StartedSlot {
  schedule: ClaimedScheduleRow;
  run: Run;
  request: GeneratorRequest;
  slot: Date;
  missed: number;
  nextRunAt: Date | null;
  /** The run's row, while it is not written yet: the slot's lease alone holds the slot until then. */
  unwritten?: NewRun & { id: string };
  /** Set for a batch schedule: the further reports its generation makes too. */
  batch?: BatchSlot;
}

export interface BatchStart {
  started: StartedSlot[];
  skipped: number;
  failed: number;
  parked: number;
  duplicates: number;
}

interface SlotPlan extends ClaimedSchedule {
  slot: Date;
  missed: number;
  nextRunAt: Date | null;
  /** This slot's run failed and waits for this retry: the same row runs again. */
  retry: boolean;
  /** A dependent that waited at this slot for its upstream (the catch-up window does not apply). */
  waited: boolean;
  request: GeneratorRequest;
}

type Ended = { plan: SlotPlan; status: "skipped" | "failed"; reason: string; period: FrequencyPeriod | null; nextRunAt: Date | null };

function executionAudit(schedule: Pick<ScheduleRow, "id" | "workspace_id" | "schedule_name">, details: Record<string, unknown>, level: AuditEntry["level"]): AuditEntry {
  return {
    workspaceId: schedule.workspace_id,
    actorType: "autopilot",
    action: "schedule.execute",
    entityType: "autopilot_schedule",
    entityId: schedule.id,
    level,
    details: { schedule_name: schedule.schedule_name, ...details },
  };
}

function plan({ schedule, spec, batchSpecs }: ClaimedSchedule, ctx: EngineContext, now: Date): SlotPlan {
  const retry = schedule.retry_slot !== null;
  const waited = !retry && schedule.waiting_slot !== null;
  const { slot, missed } = retry ? { slot: schedule.retry_slot!, missed: 0 } : waited ? { slot: schedule.waiting_slot!, missed: 0 } : latestDueSlot(schedule, schedule.next_run_at, now);
  const request: GeneratorRequest = {
    workspaceId: schedule.workspace_id,
    specificationId: schedule.specification_id,
    actor: { kind: "schedule", scheduleId: schedule.id, scheduleName: schedule.schedule_name },
    categoriesOverride: schedule.categories_override,
    regionsOverride: schedule.regions_override,
    cadenceOverride: schedule.cadence_override,
    trigger: "autopilot",
    autopilotScheduleId: schedule.id,
    scheduledFor: slot,
    missedSlots: missed,
    timeZone: schedule.schedule_config.timezone,
    specification: spec,
    clock: ctx.clock,
    runTimeoutSeconds: runTimeoutFor(schedule, ctx.runTimeoutSeconds),
    contentPolicy: { onlyWhenNew: schedule.only_when_new, skipWhenEmpty: schedule.skip_when_empty },
    editorSummary: schedule.editor_summary,
  };
  return { schedule, spec, batchSpecs, slot, missed, retry, waited, nextRunAt: nextSlotAfter(schedule, now), request };
}

function newRun(p: SlotPlan, spec: Specification, now: Date, ended?: { status: "skipped" | "failed"; error: string; period: string | null }, running?: { period: string | null; deadline: Date }): NewRun {
  const { schedule } = p;
  const cadence = schedule.cadence_override ?? spec.frequency;
  const window = reportWindow(cadence, p.slot);
  return {
    workspaceId: schedule.workspace_id,
    specificationId: spec.id,
    specificationName: spec.name,
    trigger: "autopilot",
    autopilotScheduleId: schedule.id,
    scheduledFor: p.slot,
    missedSlots: p.missed,
    categories: schedule.categories_override?.length ? schedule.categories_override : spec.categories.map((c) => c.id),
    regions: schedule.regions_override?.length ? schedule.regions_override : spec.regions,
    cadence,
    cadenceOverridden: Boolean(schedule.cadence_override),
    periodStart: window.start,
    periodEnd: window.end,
    startedAt: now,
    status: ended?.status ?? "running",
    error: ended?.error ?? null,
    frequencyPeriod: ended ? ended.period : (running?.period ?? null),
    deadlineAt: running?.deadline ?? null,
  };
}

/**
 * The further reports of the admitted batch slots, decided as a claim decides: each specification's frequency
 * period is looked up with the claim's (`taken`), and a free one is taken. They come after every schedule's own
 * report of the claim, in slot order, which is what forecasts assume (at the same instant, a specification's
 * own schedules first). Generation checks again against runs written since.
 */
async function planFurtherReports(tx: Queryable, plans: SlotPlan[], taken: Set<string>, out: Map<SlotPlan, FurtherReportPlan[]>): Promise<void> {
  const checked = plans.flatMap((p) =>
    (p.batchSpecs ?? []).map((spec) => ({ plan: p, spec, admission: checkRun(spec, { trigger: "autopilot", periodAt: p.slot, periodTimeZone: p.schedule.schedule_config.timezone }) })),
  );
  if (checked.length === 0) return;
  const held = await findPeriodHolders(tx, checked.flatMap(({ spec, admission }) => (admission.admitted && admission.period ? [{ specificationId: spec.id, period: admission.period.key }] : [])));
  for (const { plan: p, spec, admission } of checked) {
    let skip: string | null = null;
    if (!admission.admitted) skip = `Skipped: ${admission.refusal.message}`;
    else if (admission.period) {
      const key = `${spec.id}|${admission.period.key}`;
      if (taken.has(key) || held.has(key)) skip = `Frequency limit: ${periodTakenRefusal(spec, admission.period).message}`;
      else taken.add(key);
    }
    out.set(p, [...(out.get(p) ?? []), { spec, skip }]);
  }
}

/**
 * Admits a claimed batch and starts its runs, in the claim's transaction and a handful of statements: the admission
 * rules per schedule (specification active, overrides valid), the catch-up window (a missed slot older than it
 * is skipped), the batch's frequency periods looked up at once (within the batch the earliest slot takes a
 * period), every admitted first attempt planned with its run's id (written later by the tick, or here by one
 * statement with `recordStartsAtClaim`), and the slots that end here recorded together: a
 * period already reported is `skipped` with the reason and the schedule moves to the first slot of the next
 * period; invalid overrides fail the slot; a specification gone or inactive parks the schedule in error.
 * A slot waiting for its retry runs its own failed run again (one row per slot); one that cannot run ends
 * that run for good.
 */
export async function startBatch(tx: Queryable, claimed: ClaimedSchedule[], ctx: EngineContext): Promise<BatchStart> {
  const now = ctx.clock();
  const planned = claimed.map((c) => plan(c, ctx, now)).sort((a, b) => a.slot.getTime() - b.slot.getTime() || a.schedule.id.localeCompare(b.schedule.id));
  const result: BatchStart = { started: [], skipped: 0, failed: 0, parked: 0, duplicates: 0 };
  const parked: { plan: SlotPlan; refusal: RunRefusal }[] = [];
  const ended: Ended[] = [];
  /** Retries that cannot run: their failed run is final (nothing new is inserted for their slot). */
  const retriesEnded: { plan: SlotPlan; reason: string; nextRunAt: Date | null }[] = [];
  // A retry whose slot is over (its next slot has come) does not run: the schedule goes on from that next
  // slot, which is due now, so a later claim of this tick runs it.
  const over = (p: SlotPlan) => p.retry && (followingSlot(p.schedule, p.slot)?.getTime() ?? Infinity) <= now.getTime();
  for (const p of planned.filter(over)) retriesEnded.push({ plan: p, reason: "not tried again: the next slot came first", nextRunAt: nextSlotAfter(p.schedule, p.slot) });
  // A dependent runs its slot once its upstream's run of that slot succeeded: it waits, or is skipped with the reason.
  const gate = await gateDependents(tx, planned.filter((p) => !over(p) && p.spec?.status === "active"), now);
  for (const [p, reason] of gate.skipped) ended.push({ plan: p, status: "skipped", reason, period: null, nextRunAt: p.nextRunAt });
  const plans = planned.filter((p) => !over(p) && !gate.waiting.has(p) && !gate.skipped.has(p));
  const admitted: { plan: SlotPlan; period: FrequencyPeriod | null; leadSkip?: string }[] = [];
  const furtherPlans = new Map<SlotPlan, FurtherReportPlan[]>();
  const batchOf = (p: SlotPlan, leadSkip?: string): BatchSlot | undefined => {
    const specs = furtherPlans.get(p);
    return specs?.length ? { specs, leadSkip: leadSkip ?? null } : undefined;
  };

  const checked = plans.map((p) => ({
    plan: p,
    admission: checkRun(p.spec, {
      trigger: "autopilot",
      categoriesOverride: p.schedule.categories_override,
      regionsOverride: p.schedule.regions_override,
      cadenceOverride: p.schedule.cadence_override,
      periodAt: p.slot,
      periodTimeZone: p.schedule.schedule_config.timezone,
    }),
  }));
  const pairs = checked.flatMap(({ plan: p, admission }) =>
    admission.admitted && admission.period ? [{ specificationId: p.spec!.id, period: admission.period.key }] : [],
  );
  const taken = await findPeriodHolders(tx, pairs);
  const periodTaken = (p: SlotPlan, period: FrequencyPeriod): Ended => ({
    plan: p,
    status: "skipped",
    reason: `Frequency limit: ${periodTakenRefusal(p.spec!, period).message}`,
    period,
    // The first slot in the next period: skipping slot by slot through a week or month would say nothing new.
    nextRunAt: nextSlotAfter(p.schedule, new Date(Math.max(now.getTime(), period.end.getTime() - 1))),
  });
  for (const { plan: p, admission } of checked) {
    if (!admission.admitted) {
      if (p.retry) retriesEnded.push({ plan: p, reason: admission.refusal.message, nextRunAt: p.nextRunAt });
      if (admission.refusal.kind === "invalid_overrides") {
        if (!p.retry) ended.push({ plan: p, status: "failed", reason: admission.refusal.message, period: null, nextRunAt: p.nextRunAt });
      } else parked.push({ plan: p, refusal: admission.refusal });
      continue;
    }
    const window = catchUpWindowMs(p.schedule, p.slot);
    if (!p.retry && !p.waited && now.getTime() - p.slot.getTime() > window) {
      ended.push({
        plan: p,
        status: "skipped",
        reason: `Missed: older than the catch-up window (${describeMinutes(Math.round(window / 60_000))}) when the engine saw it`,
        period: null,
        nextRunAt: p.nextRunAt,
      });
      continue;
    }
    const key = admission.period ? `${p.spec!.id}|${admission.period.key}` : null;
    if (key && taken.has(key)) {
      // A batch's slot still makes its further reports, each under its own specification's rule.
      if (p.batchSpecs?.length) {
        admitted.push({ plan: p, period: null, leadSkip: `Frequency limit: ${periodTakenRefusal(p.spec!, admission.period!).message}` });
        continue;
      }
      if (p.retry) retriesEnded.push({ plan: p, reason: "not tried again: another run made this period's report", nextRunAt: p.nextRunAt });
      else ended.push(periodTaken(p, admission.period!));
      continue;
    }
    if (key) taken.add(key);
    admitted.push({ plan: p, period: admission.period });
  }

  await planFurtherReports(tx, admitted.map(({ plan: p }) => p), taken, furtherPlans);

  const deadlineOf = (p: SlotPlan) => new Date(now.getTime() + runTimeoutFor(p.schedule, ctx.runTimeoutSeconds) * 1000);
  const firsts = admitted.filter(({ plan: p }) => !p.retry);
  const toStart = firsts.map(({ plan: p, period }) => ({ ...newRun(p, p.spec!, now, undefined, { period: period?.key ?? null, deadline: deadlineOf(p) }), id: randomUUID() }));
  if (!ctx.recordStartsAtClaim) {
    // Started without a row: the lease holds the slot, and the run is written when it ends (or, if it takes
    // a while, when the tick records its start). Conflicts with a run written meanwhile surface then.
    firsts.forEach(({ plan: p, leadSkip }, index) =>
      result.started.push({
        schedule: p.schedule,
        run: plannedRun(toStart[index], now),
        request: p.request,
        slot: p.slot,
        missed: p.missed,
        nextRunAt: p.nextRunAt,
        unwritten: toStart[index],
        batch: batchOf(p, leadSkip),
      }),
    );
  }
  const runs = ctx.recordStartsAtClaim ? await insertRuns(tx, toStart) : [];
  const bySchedule = new Map(runs.map((run) => [run.autopilot_schedule_id, run]));
  for (const { plan: p, period, leadSkip } of ctx.recordStartsAtClaim ? admitted : admitted.filter(({ plan: p }) => p.retry)) {
    const run = p.retry
      ? await restartRunForRetry(tx, { scheduleId: p.schedule.id, slot: p.slot, now, deadline: deadlineOf(p), period: period?.key ?? null })
      : bySchedule.get(p.schedule.id);
    if (run) {
      result.started.push({ schedule: p.schedule, run, request: p.request, slot: p.slot, missed: run.missed_slots, nextRunAt: p.nextRunAt, batch: batchOf(p, leadSkip) });
      continue;
    }
    if (p.retry) {
      // Its run is no longer waiting (a save dropped the retry) or another run took the period meanwhile.
      retriesEnded.push({ plan: p, reason: "not tried again: its run no longer waits for a retry", nextRunAt: p.nextRunAt });
      continue;
    }
    // Refused by a unique rule: a race with another tick, rare enough to settle one by one.
    const conflict = await whichConflict(tx, toStart[firsts.findIndex((a) => a.plan === p)]);
    if (conflict === "period_taken" && period) ended.push(periodTaken(p, period));
    else {
      const settled = await settleTakenSlot(tx, { id: p.schedule.id, slot: p.slot, nextRunAt: p.nextRunAt });
      ctx.log.warn({ schedule_id: p.schedule.id, slot: p.slot.toISOString(), settled }, "slot already has a run");
      result.duplicates++;
    }
  }

  const endedRuns = await insertRuns(tx, ended.map((e) => newRun(e.plan, e.plan.spec!, now, { status: e.status, error: e.reason, period: e.period?.key ?? null })));
  const endedRunIds = new Map(endedRuns.map((run) => [run.autopilot_schedule_id, run.id]));
  for (const { plan: p } of retriesEnded) await dropRetry(tx, { scheduleId: p.schedule.id, slot: p.slot });
  const finalRetries = retriesEnded.filter(({ plan: p }) => !parked.some((x) => x.plan === p));
  const recorded = await recordScheduleOutcomes(tx, [
    ...ended.map((e) => ({ id: e.plan.schedule.id, status: e.status, error: e.reason, at: now, nextRunAt: e.nextRunAt })),
    ...finalRetries.map(({ plan: p, reason, nextRunAt }) => ({
      id: p.schedule.id,
      status: "failed" as const,
      error: `${p.schedule.last_run_error ?? "Failed"} (${reason})`,
      at: now,
      nextRunAt,
      slot: p.slot,
    })),
  ]);
  await markSchedulesError(tx, parked.map(({ plan: p, refusal }) => ({ id: p.schedule.id, error: refusal.message })));
  const reasons = new Map([...ended.map((e) => [e.plan.schedule.id, e.reason] as const), ...finalRetries.map((r) => [r.plan.schedule.id, r.reason] as const)]);
  await enqueueOwnerAlerts(tx, [
    ...ownerAlertsOf(recorded, (id) => ({ runId: endedRunIds.get(id) ?? null, error: reasons.get(id) ?? null }), now),
    ...parked.map(({ plan: p, refusal }) => ({ scheduleId: p.schedule.id, event: "error" as const, runId: null, error: refusal.message, at: now })),
  ]);
  await appendAudits(tx, [
    ...ended.map((e) =>
      executionAudit(
        e.plan.schedule,
        { slot: e.plan.slot.toISOString(), status: e.status, reason: e.reason, next_run_at: e.nextRunAt?.toISOString() ?? null, run_id: endedRunIds.get(e.plan.schedule.id) ?? null },
        e.status === "skipped" ? "warning" : "error",
      ),
    ),
    ...finalRetries.map(({ plan: p, reason }) => executionAudit(p.schedule, { slot: p.slot.toISOString(), status: "failed", reason }, "error")),
    ...parked.map(({ plan: p, refusal }) => executionAudit(p.schedule, { slot: p.slot.toISOString(), status: "error", error: refusal.message }, "error")),
  ]);
  for (const { plan: p, refusal } of parked) ctx.log.error({ schedule_id: p.schedule.id, error: refusal.message }, "schedule parked in error");
  for (const e of ended.filter((e) => e.status === "failed")) ctx.log.error({ schedule_id: e.plan.schedule.id, error: e.reason }, "schedule run refused");
  result.skipped = ended.filter((e) => e.status === "skipped").length;
  result.failed += ended.length - result.skipped + finalRetries.length;
  result.parked = parked.length;
  return result;
}

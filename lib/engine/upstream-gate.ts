import "server-only";
import type { Queryable } from "@/lib/db/database";
import { findUpstreamRuns, holdForUpstream, type ClaimedScheduleRow, type UpstreamRun } from "@/lib/db/engine";

const MINUTE = 60_000;

export type UpstreamVerdict = { kind: "go" } | { kind: "skip"; reason: string } | { kind: "wait"; until: Date };

/**
 * Whether a dependent runs its slot: when the upstream's run of the same slot succeeded. A failed (for good)
 * or skipped upstream run skips it with that reason; an upstream that is paused or off makes no run to wait
 * for; otherwise it waits until `wait_minutes` after the slot, then is skipped.
 */
export function upstreamVerdict(upstream: UpstreamRun | undefined, slot: Date, waitMinutes: number, now: Date): UpstreamVerdict {
  if (!upstream) return { kind: "skip", reason: "Upstream: the schedule it runs after no longer exists" };
  const name = `“${upstream.upstream_name}”`;
  if (upstream.status === "success") return { kind: "go" };
  if (upstream.status === "skipped") return { kind: "skip", reason: `Upstream ${name} was skipped at this slot: ${upstream.error ?? "no reason given"}` };
  if (upstream.status === "failed" && !upstream.retry_at) return { kind: "skip", reason: `Upstream ${name} failed at this slot: ${upstream.error ?? "no reason given"}` };
  if (!upstream.status && !upstream.upstream_running) return { kind: "skip", reason: `Upstream ${name} is paused or switched off, so it makes no run at this slot` };
  const until = new Date(slot.getTime() + waitMinutes * MINUTE);
  if (now.getTime() >= until.getTime()) {
    const state = upstream.status === "failed" ? "failed, waiting for a retry" : (upstream.status ?? "not started");
    return { kind: "skip", reason: `Upstream ${name} had not succeeded ${waitMinutes} minutes after the slot (its run: ${state})` };
  }
  return { kind: "wait", until };
}

/**
 * The claimed dependents' verdicts, read in one statement; those that wait are put back at once (their
 * lease released, next_run_at at the wait's end), so the caller runs or skips the others.
 */
export async function gateDependents<P extends { schedule: ClaimedScheduleRow; slot: Date; retry: boolean }>(
  tx: Queryable,
  plans: P[],
  now: Date,
): Promise<{ waiting: Set<P>; skipped: Map<P, string> }> {
  const dependents = plans.filter((p) => p.schedule.depends_on_schedule_id && !p.retry);
  const waiting = new Set<P>();
  const skipped = new Map<P, string>();
  if (dependents.length === 0) return { waiting, skipped };
  const runs = await findUpstreamRuns(tx, dependents.map((p) => ({ upstreamId: p.schedule.depends_on_schedule_id!, slot: p.slot })));
  const key = (id: string, slot: Date) => `${id}|${slot.getTime()}`;
  const byKey = new Map(runs.map((run) => [key(run.upstream_id, new Date(run.slot)), run]));
  const holds: { id: string; slot: Date; until: Date }[] = [];
  for (const p of dependents) {
    const verdict = upstreamVerdict(byKey.get(key(p.schedule.depends_on_schedule_id!, p.slot)), p.slot, p.schedule.wait_minutes ?? 60, now);
    if (verdict.kind === "skip") skipped.set(p, verdict.reason);
    if (verdict.kind === "wait") {
      waiting.add(p);
      holds.push({ id: p.schedule.id, slot: p.slot, until: verdict.until });
    }
  }
  await holdForUpstream(tx, holds);
  return { waiting, skipped };
}

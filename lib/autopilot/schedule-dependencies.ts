import "server-only";
import type { Queryable } from "@/lib/db/database";
import { getSchedule, listDependents, setDependentTiming } from "@/lib/db/schedules";
import { AppError } from "@/lib/errors/app-error";
import { nextSlotAfter } from "@/lib/schedule/due-slot";
import type { Schedule } from "@/lib/schedule/schedule-config";
import { isUuid } from "@/lib/validation/ids";
import type { ScheduleCreate } from "@/lib/validation/schedule";

/** How many schedules a chain may hold (a → b → … ), so a wait can never grow without bound. */
export const MAX_CHAIN = 10;
export const DEFAULT_WAIT_MINUTES = 60;

const FIELD = "depends_on_schedule_id";

function refuse(message: string): never {
  throw new AppError("validation_failed", message, { [FIELD]: message });
}

/**
 * A schedule that runs after another takes that schedule's timing (its slots are the upstream's) and a wait
 * (60 minutes unless given). The upstream must be another schedule of the workspace, and the chain may not
 * loop back to this one or grow past MAX_CHAIN.
 */
export async function withDependency(tx: Queryable, workspaceId: string, values: ScheduleCreate, selfId: string | null): Promise<ScheduleCreate> {
  if (!values.depends_on_schedule_id) return { ...values, wait_minutes: null };
  const upstreamId = values.depends_on_schedule_id;
  if (upstreamId === selfId) refuse("A schedule cannot run after itself");
  const upstream = isUuid(upstreamId) ? await getSchedule(tx, { workspaceId, id: upstreamId }) : null;
  if (!upstream) refuse("depends_on_schedule_id must be the id of another schedule of this workspace");
  const chain = [upstream.schedule_name];
  for (let current = upstream; current.depends_on_schedule_id; ) {
    if (current.depends_on_schedule_id === selfId) refuse(`“${upstream.schedule_name}” already runs after this schedule (${chain.join(" ← ")}): a chain cannot loop`);
    if (chain.length >= MAX_CHAIN) refuse(`A chain holds at most ${MAX_CHAIN} schedules; “${upstream.schedule_name}” is already ${chain.length} deep`);
    const next = await getSchedule(tx, { workspaceId, id: current.depends_on_schedule_id });
    if (!next) break;
    chain.push(next.schedule_name);
    current = next;
  }
  return {
    ...values,
    schedule_type: upstream.schedule_type,
    schedule_config: upstream.schedule_config,
    wait_minutes: values.wait_minutes ?? DEFAULT_WAIT_MINUTES,
  } as ScheduleCreate;
}

/**
 * An upstream's timing changed: each schedule that runs after it (and after those, down the chain) takes the
 * new timing and its next slot. Done as the server: whoever may change the upstream changes when its chain runs.
 */
export async function propagateTiming(tx: Queryable, workspaceId: string, upstream: Schedule & { id: string }, now: Date, depth = 0): Promise<void> {
  if (depth >= MAX_CHAIN) return;
  for (const dependent of await listDependents(tx, { workspaceId, id: upstream.id })) {
    const timing = { schedule_type: upstream.schedule_type, schedule_config: upstream.schedule_config } as Schedule;
    const nextRunAt = nextSlotAfter({ ...timing, starts_at: dependent.starts_at, ends_at: dependent.ends_at }, now);
    await setDependentTiming(tx, { workspaceId, id: dependent.id, timing, nextRunAt });
    await propagateTiming(tx, workspaceId, { ...timing, id: dependent.id }, now, depth + 1);
  }
}

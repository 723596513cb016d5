import "server-only";
import { appendAudits } from "@/lib/db/audit-log";
import type { Queryable } from "@/lib/db/database";
import { lockPausesEnded, resumeSchedules } from "@/lib/db/schedule-resumption";
import { nextSlotAfter } from "@/lib/schedule/due-slot";

const RESUMED_PER_TICK = 500;

/**
 * A schedule paused "until" an instant resumes by itself once it passes: from its first slot after that
 * instant (the slots of the pause are not made up for), with its failure streak started over.
 */
export async function resumePausedSchedules(tx: Queryable, { now }: { now: Date }): Promise<number> {
  const ended = await lockPausesEnded(tx, { now, limit: RESUMED_PER_TICK });
  const resumed = ended.map((schedule) => ({ schedule, nextRunAt: nextSlotAfter(schedule, new Date(schedule.paused_until!.getTime() - 1)) }));
  await resumeSchedules(tx, resumed.map(({ schedule, nextRunAt }) => ({ id: schedule.id, nextRunAt })));
  await appendAudits(
    tx,
    resumed.map(({ schedule, nextRunAt }) => ({
      workspaceId: schedule.workspace_id,
      actorType: "autopilot" as const,
      action: "schedule.resume",
      entityType: "autopilot_schedule",
      entityId: schedule.id,
      details: { schedule_name: schedule.schedule_name, reason: "its pause ended", paused_until: schedule.paused_until!.toISOString(), next_run_at: nextRunAt?.toISOString() ?? null },
    })),
  );
  return resumed.length;
}

import "server-only";
import type { Queryable } from "./database";
import { SCHEDULE_COLUMNS, SCHEDULE_SPEC_JOIN, type ScheduleRow } from "./schedules";

/** Paused schedules whose pause has ended, locked for this transaction (SKIP LOCKED: overlapping ticks share them). */
export async function lockPausesEnded(tx: Queryable, { now, limit }: { now: Date; limit: number }): Promise<ScheduleRow[]> {
  const { rows } = await tx.query<ScheduleRow>(
    `with ended as (
       select id from public.autopilot_schedules
       where status = 'paused' and paused_until is not null and paused_until <= $1
       order by paused_until limit $2
       for update skip locked
     )
     select ${SCHEDULE_COLUMNS} from public.autopilot_schedules s join ended on ended.id = s.id ${SCHEDULE_SPEC_JOIN}`,
    [now, limit],
  );
  return rows;
}

/** Makes them active again from their next slot (null: none left before the end date, so completed). */
export async function resumeSchedules(tx: Queryable, resumed: { id: string; nextRunAt: Date | null }[]): Promise<void> {
  if (resumed.length === 0) return;
  await tx.query(
    `update public.autopilot_schedules s set
       status = case when x.next_at is null then 'completed' else 'active' end,
       next_run_at = coalesce(x.next_at, s.next_run_at),
       paused_note = null, paused_until = null, consecutive_failures = 0, retry_slot = null,
       locked_until = null, locked_by = null, updated_at = now()
     from jsonb_to_recordset($1::jsonb) as x(id uuid, next_at timestamptz)
     where s.id = x.id and s.status = 'paused'`,
    [JSON.stringify(resumed.map((r) => ({ id: r.id, next_at: r.nextRunAt })))],
  );
}

import { createSchedule } from "@/lib/autopilot/schedules";
import type { Database } from "@/lib/db/database";
import type { Actor } from "@/lib/db/transactions";
import { scheduleCreateSchema, type ScheduleCreateInput } from "@/lib/validation/schedule";

/** Makes a schedule due now (as if its slot had just passed), the way the clock would. */
export async function makeDue(db: Database, scheduleId: string, minutesAgo = 1): Promise<Date> {
  const { rows } = await db.query<{ next_run_at: Date }>(
    "update autopilot_schedules set next_run_at = now() - make_interval(mins => $2) where id = $1 returning next_run_at",
    [scheduleId, minutesAgo],
  );
  return rows[0].next_run_at;
}

export async function scheduleRow(db: Database, id: string) {
  const { rows } = await db.query<{
    status: string;
    enabled: boolean;
    next_run_at: Date;
    last_run_status: string | null;
    last_run_error: string | null;
    run_count: number;
    success_count: number;
    failure_count: number;
    consecutive_failures: number;
    locked_until: Date | null;
    retry_slot: Date | null;
    paused_note: string | null;
    paused_until: Date | null;
  }>("select * from autopilot_schedules where id = $1", [id]);
  return rows[0];
}

export async function runsOf(db: Database, scheduleId: string) {
  const { rows } = await db.query<{
    id: string;
    status: string;
    trigger: string;
    scheduled_for: Date | null;
    missed_slots: number;
    error: string | null;
    attempt: number;
    attempts: { attempt: number; error: string | null }[];
    retry_at: Date | null;
  }>("select id, status, trigger, scheduled_for, missed_slots, error, attempt, attempts, retry_at from newsletter_runs where autopilot_schedule_id = $1 order by created_at", [scheduleId]);
  return rows;
}

/** `count` daily schedules on one specification, each due a few seconds ago (load and crash tests). */
export async function insertDueSchedules(
  db: Database,
  {
    count,
    specificationId,
    workspaceId,
    owner,
    namePrefix,
    time = "09:00",
  }: { count: number; specificationId: string; workspaceId: string; owner: { id: string; email: string }; namePrefix: string; time?: string },
): Promise<void> {
  await db.query(
    `insert into autopilot_schedules (specification_id, workspace_id, created_by, created_by_user_id, schedule_name,
       schedule_type, schedule_config, cadence_override, next_run_at)
     select $1, $2, $3, $4, $5 || ' ' || n, 'daily', jsonb_build_object('time', $7::text, 'timezone', 'Europe/Berlin'), 'daily',
            now() - (n || ' seconds')::interval
     from generate_series(1, $6::int) as n`,
    [specificationId, workspaceId, owner.email, owner.id, namePrefix, count, time],
  );
}

/**
 * A daily slot at the UTC time half a day from now. Tests that tick hours ahead of now give their schedules
 * this slot, so the schedule's own next slot never falls inside them, at whatever hour the tests run.
 */
export function slotHalfADayAway(): { time: string; timezone: string } {
  return { time: new Date(Date.now() + 12 * 3_600_000).toISOString().slice(11, 16), timezone: "UTC" };
}

/** A daily 09:00 Berlin schedule with a daily report period, created through the service as the editor would; `overrides` change any field. */
export function createDailySchedule(owner: Actor, workspaceId: string, specificationId: string, overrides: Partial<ScheduleCreateInput> = {}) {
  return createSchedule(
    owner,
    workspaceId,
    scheduleCreateSchema.parse({
      specification_id: specificationId,
      schedule_name: "Morning briefing",
      schedule_type: "daily",
      schedule_config: { time: "09:00", timezone: "Europe/Berlin" },
      cadence_override: "daily",
      ...overrides,
    }),
  );
}

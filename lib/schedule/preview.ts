import { describeSchedule } from "./describe";
import { nextRuns } from "./next-run";
import type { Schedule } from "./schedule-config";
import { formatLocal } from "./zoned-time";

export interface SchedulePreview {
  description: string;
  timezone: string;
  next_runs: string[];
  next_runs_local: string[];
}

/** What the editor shows while someone edits: the cadence in words and the next runs, in UTC and locally. */
export function previewSchedule(schedule: Schedule, { count, after }: { count: number; after: Date }): SchedulePreview {
  const timezone = schedule.schedule_config.timezone;
  const runs = nextRuns(schedule, after, count);
  return {
    description: describeSchedule(schedule),
    timezone,
    next_runs: runs.map((run) => run.toISOString()),
    next_runs_local: runs.map((run) => formatLocal(timezone, run.getTime())),
  };
}

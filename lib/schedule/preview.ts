import { daylightSavingNote } from "./daylight-saving-note";
import { describeSchedule } from "./describe";
import { PERIOD_NOUNS, type Frequency } from "./frequency";
import { frequencyPeriod } from "./frequency-period";
import { nextRuns } from "./next-run";
import type { Schedule } from "./schedule-config";
import { formatLocal } from "./zoned-time";

export interface SchedulePreview {
  description: string;
  timezone: string;
  next_runs: string[];
  next_runs_local: string[];
  /** Per next run: skipped by the frequency rule, because an earlier run shown makes that period's report. */
  skipped: boolean[];
  /** Per next run: what a daylight-saving change does to it that day, if anything. */
  daylight_saving: (string | null)[];
  /** When slots will be skipped: why, and the fix. */
  frequency_note: string | null;
}

const NATURAL_PERIOD: Record<Schedule["schedule_type"], Frequency> = { daily: "daily", weekly: "weekly", monthly: "monthly", custom: "daily" };

/**
 * Which of `runs` make a report under a specification's frequency: the first of each calendar period (in the
 * schedule's zone); the others would be skipped, assuming the earlier ones succeed.
 */
export function markSkippedByFrequency(runs: Date[], frequency: Frequency | null | undefined, timeZone: string): boolean[] {
  if (!frequency) return runs.map(() => false);
  const seen = new Set<string>();
  return runs.map((run) => {
    const key = frequencyPeriod(frequency, run, timeZone).key;
    if (seen.has(key)) return true;
    seen.add(key);
    return false;
  });
}

/**
 * Says, when some slots will be skipped by the specification's frequency, why and how to report at every slot
 * (naming the specification when it is known).
 */
export function frequencyNote(
  schedule: Schedule,
  frequency: Frequency | null | undefined,
  skipped: boolean[],
  specificationName?: string,
): string | null {
  if (!frequency || !skipped.some(Boolean)) return null;
  const noun = PERIOD_NOUNS[frequency];
  return (
    `${specificationName ? `“${specificationName}”` : "The specification"} is ${frequency}: it gets one report per ${noun}, so only the first slot of each ${noun} makes one ` +
    `and the other slots are skipped. To report at every slot, choose the report period “${NATURAL_PERIOD[schedule.schedule_type]}”.`
  );
}

/**
 * What the editor shows while someone edits: the cadence in words and the next runs, in UTC and locally, with
 * the runs the specification's frequency would skip (`frequency`: the specification's, or null with a report
 * period override).
 */
export function previewSchedule(
  schedule: Schedule,
  { count, after, frequency }: { count: number; after: Date; frequency?: Frequency | null },
): SchedulePreview {
  const timezone = schedule.schedule_config.timezone;
  const runs = nextRuns(schedule, after, count);
  const skipped = markSkippedByFrequency(runs, frequency, timezone);
  return {
    description: describeSchedule(schedule),
    timezone,
    next_runs: runs.map((run) => run.toISOString()),
    next_runs_local: runs.map((run) => formatLocal(timezone, run.getTime())),
    skipped,
    daylight_saving: runs.map((run) => daylightSavingNote(schedule, run)),
    frequency_note: frequencyNote(schedule, frequency, skipped),
  };
}

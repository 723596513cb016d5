/**
 * A history page in batch order: a batch's reports are written as each one ends, so by creation they can
 * stand in any order; next to each other they read as their email and webhook list them (the schedule's own
 * report, then the further ones by position). A batch is a slot's runs, or a Test run's lead and the further
 * test runs tied to it. Only neighbours of one batch move; a page's cursors are taken from it in creation
 * order, before.
 */
export function inBatchOrder<
  T extends { id: string; autopilot_schedule_id: string | null; scheduled_for: Date | null; batch_position?: number | null; batch_lead_run_id?: string | null },
>(runs: T[]): T[] {
  const batchOf = (run: T) => {
    if (run.batch_lead_run_id) return `test|${run.batch_lead_run_id}`;
    if (!run.autopilot_schedule_id) return null;
    return run.scheduled_for ? `slot|${run.autopilot_schedule_id}|${run.scheduled_for.getTime()}` : `test|${run.id}`;
  };
  const ordered: T[] = [];
  for (let start = 0; start < runs.length; ) {
    const batch = batchOf(runs[start]);
    let end = start + 1;
    while (batch && end < runs.length && batchOf(runs[end]) === batch) end++;
    ordered.push(...runs.slice(start, end).sort((a, b) => (a.batch_position ?? 0) - (b.batch_position ?? 0)));
    start = end;
  }
  return ordered;
}

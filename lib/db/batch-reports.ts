import "server-only";
import type { Queryable } from "./database";

/** One of a batch slot's further reports, as a delivery of the slot's run tells of it. */
export interface BatchReportRow {
  lead_run_id: string;
  id: string;
  batch_position: number;
  specification_name: string;
  status: string;
  error: string | null;
  item_count: number | null;
  cadence: string | null;
  period_end: Date | null;
}

/**
 * The further reports that go with these runs, in order, by the run they go with (none: not a batch): a slot's
 * (`slotRunIds`, the slot's own runs) or a batch Test run's (`testRunIds`, the lead test runs).
 */
export async function findBatchReports(tx: Queryable, { slotRunIds, testRunIds = [] }: { slotRunIds: string[]; testRunIds?: string[] }): Promise<Map<string, BatchReportRow[]>> {
  if (slotRunIds.length === 0 && testRunIds.length === 0) return new Map();
  const { rows } = await tx.query<BatchReportRow>(
    `select own.id as lead_run_id, r.id, r.batch_position, r.specification_name, r.status, r.error, r.item_count, r.cadence, r.period_end
     from public.newsletter_runs own
     join public.newsletter_runs r on r.autopilot_schedule_id = own.autopilot_schedule_id and r.scheduled_for = own.scheduled_for and r.batch_position is not null
     where own.id = any($1::uuid[]) and own.batch_position is null
     union all
     select r.batch_lead_run_id, r.id, r.batch_position, r.specification_name, r.status, r.error, r.item_count, r.cadence, r.period_end
     from public.newsletter_runs r where r.batch_lead_run_id = any($2::uuid[])
     order by lead_run_id, batch_position`,
    [slotRunIds, testRunIds],
  );
  const byLead = new Map<string, BatchReportRow[]>();
  for (const row of rows) byLead.set(row.lead_run_id, [...(byLead.get(row.lead_run_id) ?? []), row]);
  return byLead;
}

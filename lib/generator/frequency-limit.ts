import type { Queryable } from "@/lib/db/database";
import { lastSuccessfulRun, type Cadence } from "@/lib/db/runs";
import { periodEnd } from "./report-window";

export interface FrequencyVerdict {
  allowed: boolean;
  /** When the next run becomes allowed (the last success + one period); null when allowed now. */
  nextEligibleAt: Date | null;
  lastSuccessAt: Date | null;
}

/**
 * The platform's rule: a specification may have one successful run per frequency period. The period is
 * rolling (a daily specification that succeeded at 10:00 may run again from 10:00 the next day), so the
 * answer does not depend on a time zone. The tick and manual generation both ask this one function.
 */
export async function checkFrequencyLimit(
  tx: Queryable,
  { specificationId, frequency, at }: { specificationId: string; frequency: Cadence; at: Date },
): Promise<FrequencyVerdict> {
  const last = await lastSuccessfulRun(tx, { specificationId, before: at });
  if (!last) return { allowed: true, nextEligibleAt: null, lastSuccessAt: null };
  const nextEligibleAt = periodEnd(frequency, last.finished_at);
  const allowed = nextEligibleAt.getTime() <= at.getTime();
  return { allowed, nextEligibleAt: allowed ? null : nextEligibleAt, lastSuccessAt: last.finished_at };
}

import "server-only";
import type { Queryable } from "@/lib/db/database";
import { findRunInPeriod, type Cadence, type RunTrigger } from "@/lib/db/runs";
import type { Specification } from "@/lib/db/specifications";
import { frequencyPeriod, type FrequencyPeriod } from "@/lib/schedule/frequency-period";
import { formatLocal } from "@/lib/schedule/zoned-time";

/** What a run will cover, once admitted. */
export interface Selection {
  spec: Specification;
  categoryIds: string[];
  regions: string[];
  cadence: Cadence;
}

/** Why a run may not start. Each kind is handled by type, never by its message. */
export type RunRefusal =
  | { kind: "specification_missing"; message: string }
  | { kind: "specification_inactive"; message: string }
  | { kind: "invalid_overrides"; message: string; fields: Record<string, string> }
  | { kind: "period_taken"; message: string; period: FrequencyPeriod }
  | { kind: "slot_taken"; message: string }
  | { kind: "test_in_progress"; message: string }
  | { kind: "busy"; message: string; retryAfterSeconds: number };

export type Admission =
  | { admitted: true; selection: Selection; period: FrequencyPeriod | null }
  | { admitted: false; refusal: RunRefusal };

export interface AdmissionRequest {
  trigger: RunTrigger;
  categoriesOverride?: string[] | null;
  regionsOverride?: string[] | null;
  cadenceOverride?: Cadence | null;
  /** The instant whose calendar period the report belongs to: the schedule's slot, or the request's time. */
  periodAt: Date;
  /** The zone whose calendar defines the period: the schedule's zone (UTC for manual runs). */
  periodTimeZone: string;
}

/**
 * The frequency rule: a specification gets at most one report per calendar period of its frequency (the
 * local day, ISO week or month of the run's slot, in the schedule's time zone; of the request, in UTC, for a
 * manual run). Test runs and runs with a cadence override are outside that rhythm: they neither need a free
 * period nor use one up. Returns the period the run would use, or null.
 */
export function countedPeriod(spec: Pick<Specification, "frequency">, request: AdmissionRequest): FrequencyPeriod | null {
  if (request.trigger === "test" || request.cadenceOverride) return null;
  return frequencyPeriod(spec.frequency, request.periodAt, request.periodTimeZone);
}

export function periodTakenRefusal(spec: Pick<Specification, "name" | "frequency">, period: FrequencyPeriod): RunRefusal {
  const zone = period.timeZone;
  return {
    kind: "period_taken",
    period,
    message: `“${spec.name}” already has its ${spec.frequency} report for ${period.label} (${zone}); the next one is allowed from ${formatLocal(zone, period.end.getTime())} ${zone}`,
  };
}

function unknownOverride(spec: Pick<Specification, "name">, field: string, what: string, unknown: string[]): RunRefusal {
  return {
    kind: "invalid_overrides",
    message: `Unknown ${what}: ${unknown.join(", ")}`,
    fields: { [field]: `Not a ${what} of "${spec.name}": ${unknown.join(", ")}` },
  };
}

/**
 * The admission rules that need no database: the specification exists and is active, and the overrides name
 * its categories and regions. On success, also the frequency period the run would use (or null).
 */
export function checkRun(spec: Specification | null, request: AdmissionRequest): Admission {
  if (!spec) return { admitted: false, refusal: { kind: "specification_missing", message: "Specification not found" } };
  if (spec.status !== "active") {
    return { admitted: false, refusal: { kind: "specification_inactive", message: "Specification is not active" } };
  }
  const unknownCategories = (request.categoriesOverride ?? []).filter((id) => !spec.categories.some((c) => c.id === id));
  if (unknownCategories.length) return { admitted: false, refusal: unknownOverride(spec, "categories_override", "category", unknownCategories) };
  const unknownRegions = (request.regionsOverride ?? []).filter((region) => !spec.regions.includes(region));
  if (unknownRegions.length) return { admitted: false, refusal: unknownOverride(spec, "regions_override", "region", unknownRegions) };
  const selection: Selection = {
    spec,
    categoryIds: request.categoriesOverride?.length ? request.categoriesOverride : spec.categories.map((c) => c.id),
    regions: request.regionsOverride?.length ? request.regionsOverride : spec.regions,
    cadence: request.cadenceOverride ?? spec.frequency,
  };
  return { admitted: true, selection, period: countedPeriod(spec, request) };
}

/**
 * The one admission step for every run (scheduled, manual, test): `checkRun`, then the frequency period must
 * be free. The caller passes the specification it already holds. The tick admits a claimed batch with the same
 * rules, looking up the batch's periods in one query. The database's unique index on (specification, period)
 * settles a race between two admitted runs.
 */
export async function admitRun(tx: Queryable, spec: Specification | null, request: AdmissionRequest): Promise<Admission> {
  const admission = checkRun(spec, request);
  if (admission.admitted && admission.period && (await findRunInPeriod(tx, { specificationId: spec!.id, period: admission.period.key }))) {
    return { admitted: false, refusal: periodTakenRefusal(spec!, admission.period) };
  }
  return admission;
}

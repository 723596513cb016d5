import type { NewRun } from "@/lib/db/runs";
import type { Specification } from "@/lib/db/specifications";
import { reportWindow } from "./report-window";

/**
 * What a run reporting on a whole specification (every category and region, its own frequency) records of it,
 * for the period ending at `end`: a batch's further reports, scheduled or tested.
 */
export function wholeSpecificationReport(spec: Specification, end: Date): Pick<NewRun, "specificationId" | "specificationName" | "categories" | "regions" | "cadence" | "periodStart" | "periodEnd"> {
  const window = reportWindow(spec.frequency, end);
  return {
    specificationId: spec.id,
    specificationName: spec.name,
    categories: spec.categories.map((category) => category.id),
    regions: spec.regions,
    cadence: spec.frequency,
    periodStart: window.start,
    periodEnd: window.end,
  };
}

import { isFrequency } from "@/lib/schedule/frequency";
import { frequencyPeriod } from "@/lib/schedule/frequency-period";

/** "week 48 of 2026, 23–29 Nov": the calendar period of a report's end, in its schedule's zone (else UTC); "" when unknown. */
export function reportPeriodLabel(report: { cadence: string | null; period_end: Date | null; time_zone: string | null }): string {
  if (!report.period_end || !report.cadence || !isFrequency(report.cadence)) return "";
  return frequencyPeriod(report.cadence, report.period_end, report.time_zone ?? "UTC").label;
}

/** "Weekly report · week 49 of 2026, 30 Nov – 6 Dec": what kind of report, and its period when known. */
export function reportHeading(report: { cadence: string; period_end: Date | null; time_zone: string | null }): string {
  const period = reportPeriodLabel(report);
  return `${report.cadence.charAt(0).toUpperCase()}${report.cadence.slice(1)} report${period ? ` · ${period}` : ""}`;
}

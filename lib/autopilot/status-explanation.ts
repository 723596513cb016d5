import type { ScheduleRow } from "@/lib/db/schedules";
import { PERIOD_NOUNS } from "@/lib/schedule/frequency";
import { formatLocal } from "@/lib/schedule/zoned-time";
import type { ScheduleState } from "./schedule-state";

/** A failing destination as the schedule's page explains it. */
interface FailingDelivery {
  destination: string;
  status: string;
  last_error: string | null;
}

const FAILURE_WORDS: Record<string, string> = { pending: "retrying", failed: "failed", gave_up: "gave up" };

/** What a schedule's state means and how to fix it, in words (never by colour alone). */
export function explainStatus(
  schedule: Pick<ScheduleRow, "status" | "enabled" | "last_run_error" | "specification_name" | "specification_frequency" | "specification_status" | "paused_note" | "paused_until" | "ends_at" | "schedule_config"> & {
    frequency_note?: string | null;
    state?: ScheduleState;
    never_delivers?: boolean;
    failing_deliveries?: FailingDelivery[];
  },
): {
  tone: "info" | "error" | "success";
  title: string;
  detail: string;
} {
  if (schedule.status === "error") {
    return {
      tone: "error",
      title: "Stopped: error",
      detail: `${schedule.last_run_error ?? "The last run could not start"}. Activate the specification “${schedule.specification_name}” under Specifications, then resume this schedule.`,
    };
  }
  if (schedule.status === "paused") {
    const zone = schedule.schedule_config.timezone;
    const until = schedule.paused_until ? ` It resumes by itself on ${formatLocal(zone, new Date(schedule.paused_until).getTime())} ${zone}, from its next slot.` : " It stays paused until someone resumes it.";
    if (schedule.paused_note?.startsWith("Paused after ")) {
      return { tone: "error", title: "Paused after repeated failures", detail: `${schedule.paused_note}. Check the failed runs below, fix the cause, then resume this schedule.` };
    }
    return { tone: "info", title: "Paused", detail: `${schedule.paused_note ? `“${schedule.paused_note}”.` : "Paused by hand."}${until}` };
  }
  if (schedule.status === "completed") {
    const zone = schedule.schedule_config.timezone;
    const end = schedule.ends_at ? ` on ${formatLocal(zone, new Date(schedule.ends_at).getTime())} ${zone}` : "";
    return { tone: "info", title: "Ended", detail: `Its end date${end} has passed, so it makes no more reports. Change or clear the end date to run it again.` };
  }
  // Known before any tick finds out: a schedule on an inactive specification does not run.
  if (schedule.specification_status === "inactive" && schedule.enabled) {
    return {
      tone: "error",
      title: "Stopped: its specification is inactive",
      detail: `“${schedule.specification_name}” was deactivated, so this schedule makes no reports. Activate the specification under Specifications, then save this schedule.`,
    };
  }
  if (!schedule.enabled) {
    return { tone: "info", title: "Off", detail: "It does not run until someone chooses Active again." };
  }
  if (schedule.state === "delivery_failing") {
    const failing = (schedule.failing_deliveries ?? []).map((d) => `${d.destination} (${FAILURE_WORDS[d.status] ?? d.status}: ${d.last_error ?? "not delivered"})`);
    return {
      tone: "error",
      title: "Active, but delivery failing",
      detail: `Its reports are made, but the latest did not reach ${failing.join("; ") || "a destination"}. Check the destination under Edit, then use Send a test.`,
    };
  }
  if (schedule.never_delivers) {
    return {
      tone: "error",
      title: "Active, but it makes no report",
      detail: `Every upcoming slot below is skipped: another schedule or a Generate makes the report of each of its periods first (each is named below). Move it to an earlier time, or press “Report at every slot”.`,
    };
  }
  if (schedule.frequency_note) {
    return { tone: "info", title: `Active: one report per ${PERIOD_NOUNS[schedule.specification_frequency]}`, detail: schedule.frequency_note };
  }
  return { tone: "success", title: "Active", detail: "It runs at each slot below." };
}

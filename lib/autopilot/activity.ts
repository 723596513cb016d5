import type { ActivityEntry } from "@/lib/db/audit-log";

/** One line of a schedule's activity, in words. */
export interface ActivityLine {
  at: Date;
  who: string;
  what: string;
  /** An instant the line speaks of (a pause's end), shown after `what` in the viewer's zone. */
  until?: string | null;
  tone: "neutral" | "warning";
}

const text = (value: unknown) => (typeof value === "string" ? value : "");

function describe(entry: ActivityEntry): Omit<ActivityLine, "at" | "who"> {
  const details = entry.details ?? {};
  switch (entry.action) {
    case "schedule.create":
      return { what: "Created", tone: "neutral" };
    case "schedule.update":
      return { what: details.reactivated ? "Edited and resumed" : "Edited", tone: "neutral" };
    case "schedule.enable":
      return { what: "Switched on", tone: "neutral" };
    case "schedule.disable":
      return { what: "Switched off", tone: "neutral" };
    case "schedule.destinations":
      return { what: "Changed where reports are delivered", tone: "neutral" };
    case "schedule.unsubscribe":
      return { what: `${text(details.email) || "A recipient"} unsubscribed`, tone: "neutral" };
    case "destination.test":
      return { what: `Sent a test (${text(details.type)})`, tone: "neutral" };
    case "schedule.pause":
      return { what: `Paused${text(details.note) ? `: “${text(details.note)}”` : ""}`, until: text(details.until) || null, tone: "warning" };
    case "schedule.resume":
      return { what: details.reason ? `Resumed: ${text(details.reason)}` : "Resumed", tone: "neutral" };
    case "schedule.stopped":
      return { what: `Stopped: ${text(details.reason)}`, tone: "warning" };
    case "schedule.execute":
      if (details.paused === true) return { what: `Paused after repeated failures: ${text(details.error)}`, tone: "warning" };
      return { what: `Stopped at its slot: ${text(details.error)}`, tone: "warning" };
    default:
      return { what: entry.action, tone: "neutral" };
  }
}

export function activityLines(entries: ActivityEntry[]): ActivityLine[] {
  return entries.map((entry) => ({ at: entry.created_at, who: entry.actor_type === "user" ? (entry.actor_email ?? "someone") : "Autopilot", ...describe(entry) }));
}

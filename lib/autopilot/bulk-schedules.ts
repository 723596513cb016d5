import "server-only";
import type { Actor } from "@/lib/db/transactions";
import { AppError } from "@/lib/errors/app-error";
import { MAX_EMAIL_RECIPIENTS, type DestinationsInput, type DestinationView } from "@/lib/validation/destinations";
import type { BulkAction, BulkScheduleAction } from "@/lib/validation/bulk-schedules";
import { schedulePatchSchema } from "@/lib/validation/schedule";
import { countWorkspaceSchedules, deleteSchedule, getScheduleView, updateSchedule } from "./schedules";

/** What happened to one schedule of a bulk action. */
export interface BulkResult {
  id: string;
  name: string | null;
  /** done: changed; unchanged: already as asked (e.g. already paused, not a recipient); refused: see error. */
  outcome: "done" | "unchanged" | "refused";
  error: string | null;
}

/** The same destinations as the API takes them, with the chat channels and webhooks kept by label and URL (their secrets stay). */
function keptDestinations(views: DestinationView[], emails: string[]): DestinationsInput {
  const kept: DestinationsInput = views.flatMap((d): DestinationsInput => (d.type === "email" ? [] : d.type === "webhook" ? [{ type: "webhook", url: d.url }] : [{ type: d.type, keep: d.label }]));
  return emails.length ? [{ type: "email", to: emails }, ...kept] : kept;
}

async function applyOne(actor: Actor, workspaceId: string, id: string, action: BulkAction, email: string | undefined, seen: { name: string | null }): Promise<Omit<BulkResult, "id">> {
  const schedule = await getScheduleView(actor, workspaceId, id, 0);
  const name = schedule.schedule_name;
  seen.name = name;
  const patch = (body: Record<string, unknown>) => updateSchedule(actor, workspaceId, id, schedulePatchSchema.parse(body));
  const unchanged = { name, outcome: "unchanged" as const, error: null };
  const done = { name, outcome: "done" as const, error: null };
  if (action !== "delete" && !schedule.can_manage) throw new AppError("forbidden", "Only the schedule's creator or a workspace owner can change it");
  switch (action) {
    case "pause":
      if (schedule.status === "paused") return unchanged;
      await patch({ status: "paused" });
      return done;
    case "resume":
      if (schedule.status !== "paused") return unchanged;
      await patch({ status: "active" });
      return done;
    case "enable":
    case "disable":
      if (schedule.enabled === (action === "enable")) return unchanged;
      await patch({ enabled: action === "enable" });
      return done;
    case "delete":
      await deleteSchedule(actor, workspaceId, id);
      return done;
    case "add_recipient":
    case "remove_recipient": {
      const views = schedule.destinations ?? [];
      const emails = views.flatMap((d) => (d.type === "email" ? d.to : []));
      const has = emails.includes(email!);
      if (has === (action === "add_recipient")) return unchanged;
      if (action === "add_recipient" && emails.length >= MAX_EMAIL_RECIPIENTS) throw new AppError("conflict", `It has ${MAX_EMAIL_RECIPIENTS} recipients, the most a schedule may have`);
      await patch({ destinations: keptDestinations(views, action === "add_recipient" ? [...emails, email!] : emails.filter((to) => to !== email)) });
      return done;
    }
  }
}

/**
 * One action on each selected schedule, each in its own transaction with its own rights check (a member may
 * change only the schedules they created; an owner any): the answer says per schedule whether it was done,
 * already so, or refused and why. A schedule that is not the workspace's is refused as not found.
 */
export async function applyBulkScheduleAction(actor: Actor, workspaceId: string, input: BulkScheduleAction): Promise<{ results: BulkResult[] }> {
  await countWorkspaceSchedules(actor, workspaceId); // not a member: the whole request is a 404
  const results: BulkResult[] = [];
  for (const id of input.ids) {
    const seen = { name: null as string | null };
    try {
      results.push({ id, ...(await applyOne(actor, workspaceId, id, input.action, input.email, seen)) });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      results.push({ id, name: seen.name, outcome: "refused", error: error.message });
    }
  }
  return { results };
}

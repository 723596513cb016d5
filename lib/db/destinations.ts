import "server-only";
import type { DestinationsInput } from "@/lib/validation/destinations";
import type { Queryable } from "./database";
import { asServer } from "./transactions";
import { slackLabel } from "@/lib/delivery/slack-webhook";
import { isChatService, type ChatService } from "@/lib/delivery/chat-services";

export type DestinationType = "email" | ChatService | "webhook";

/** A destination as members see it: never its secret or unsubscribe token (a Slack channel's URL is its secret). */
export interface DestinationRow {
  id: string;
  schedule_id: string;
  type: DestinationType;
  target: string;
}

export async function listDestinations(tx: Queryable, { workspaceId, scheduleIds }: { workspaceId: string; scheduleIds: string[] }): Promise<DestinationRow[]> {
  if (scheduleIds.length === 0) return [];
  const { rows } = await tx.query<DestinationRow>(
    `select id, schedule_id, type, target from public.autopilot_destinations
     where workspace_id = $1 and schedule_id = any($2::uuid[]) order by type, created_at, target`,
    [workspaceId, scheduleIds],
  );
  return rows;
}

export interface DestinationChange {
  added: { type: DestinationType; target: string }[];
  removed: { type: DestinationType; target: string }[];
  /** Webhooks in the new list without a secret that the schedule did not already have. */
  missingSecrets: string[];
  /** Slack channels to keep (by label) that the schedule does not have. */
  unknownChannels: { type: ChatService; target: string }[];
}

/**
 * Makes a schedule's destinations exactly `wanted`. Rows that stay keep their id (an email recipient keeps its
 * unsubscribe link; a webhook sent without a secret keeps its secret; a Slack channel is kept by its label);
 * a webhook sent with a secret is replaced, which is how its secret changes. A Slack channel's URL is stored as
 * its secret, under its label. Nothing is written when a new webhook lacks a secret or a kept Slack channel is
 * not the schedule's.
 */
export async function replaceDestinations(
  tx: Queryable,
  { workspaceId, scheduleId, wanted }: { workspaceId: string; scheduleId: string; wanted: DestinationsInput },
): Promise<DestinationChange> {
  const current = await listDestinations(tx, { workspaceId, scheduleIds: [scheduleId] });
  const key = (type: string, target: string) => `${type} ${target}`;
  const desired = new Map<string, { type: DestinationType; target: string; secret: string | null }>();
  for (const destination of wanted) {
    if (destination.type === "email") for (const to of destination.to) desired.set(key("email", to), { type: "email", target: to, secret: null });
    // A chat channel's URL is stored as its secret, under its label.
    if (isChatService(destination.type) && "webhook_url" in destination && destination.webhook_url) {
      desired.set(key(destination.type, slackLabel(destination.webhook_url)), { type: destination.type, target: slackLabel(destination.webhook_url), secret: destination.webhook_url });
    }
    if (isChatService(destination.type) && "keep" in destination && destination.keep) {
      desired.set(key(destination.type, destination.keep), { type: destination.type, target: destination.keep, secret: null });
    }
    if (destination.type === "webhook") desired.set(key("webhook", destination.url), { type: "webhook", target: destination.url, secret: destination.secret ?? null });
  }
  const existing = new Map(current.map((row) => [key(row.type, row.target), row]));
  const missingSecrets = [...desired.values()].filter((d) => d.type === "webhook" && !d.secret && !existing.has(key(d.type, d.target))).map((d) => d.target);
  const unknownChannels = [...desired.values()].flatMap(({ type, target, secret }) => (isChatService(type) && !secret && !existing.has(key(type, target)) ? [{ type, target }] : []));
  if (missingSecrets.length || unknownChannels.length) return { added: [], removed: [], missingSecrets, unknownChannels };

  const replaced = [...desired.values()].filter((d) => d.type === "webhook" && d.secret && existing.has(key(d.type, d.target)));
  const removed = current.filter((row) => !desired.has(key(row.type, row.target)));
  const toDelete = [...removed.map((row) => row.id), ...replaced.map((d) => existing.get(key(d.type, d.target))!.id)];
  if (toDelete.length) {
    await tx.query("delete from public.autopilot_destinations where workspace_id = $1 and id = any($2::uuid[])", [workspaceId, toDelete]);
  }
  const toInsert = [...desired.values()].filter((d) => !existing.has(key(d.type, d.target)) || replaced.includes(d));
  if (toInsert.length) {
    await tx.query(
      `insert into public.autopilot_destinations (workspace_id, schedule_id, type, target, secret)
       select $1, $2, x.type, x.target, x.secret from jsonb_to_recordset($3::jsonb) as x(type text, target text, secret text)`,
      [workspaceId, scheduleId, JSON.stringify(toInsert)],
    );
  }
  return {
    added: toInsert.filter((d) => !replaced.includes(d)).map(({ type, target }) => ({ type, target })),
    removed: removed.map(({ type, target }) => ({ type, target })),
    missingSecrets: [],
    unknownChannels: [],
  };
}

/**
 * Gives `toScheduleId` the destinations of `fromScheduleId`: its email recipients (each with a new
 * unsubscribe link), and its Slack channels and webhooks with their secrets when `withSecrets`. Secrets are
 * copied by the server, never read by the person. Answers what was left out.
 */
export async function copyDestinations(
  tx: Queryable,
  { workspaceId, fromScheduleId, toScheduleId, withSecrets }: { workspaceId: string; fromScheduleId: string; toScheduleId: string; withSecrets: boolean },
): Promise<{ leftOut: { type: DestinationType; target: string }[] }> {
  await asServer(tx, () =>
    tx.query(
      `insert into public.autopilot_destinations (workspace_id, schedule_id, type, target, secret)
       select workspace_id, $3, type, target, secret from public.autopilot_destinations
       where workspace_id = $1 and schedule_id = $2 and (type = 'email' or $4)
       order by created_at, id`,
      [workspaceId, fromScheduleId, toScheduleId, withSecrets],
    ),
  );
  if (withSecrets) return { leftOut: [] };
  const { rows } = await tx.query<{ type: DestinationType; target: string }>(
    "select type, target from public.autopilot_destinations where workspace_id = $1 and schedule_id = $2 and type <> 'email' order by type, target",
    [workspaceId, fromScheduleId],
  );
  return { leftOut: rows };
}

/**
 * The secret a schedule keeps for one of its webhooks (by URL) or Slack channels (by label, the secret being
 * the channel's URL). System: members never read secrets.
 */
export async function findDestinationSecret(
  tx: Queryable,
  { workspaceId, scheduleId, type, target }: { workspaceId: string; scheduleId: string; type: "webhook" | ChatService; target: string },
): Promise<string | null> {
  const { rows } = await tx.query<{ secret: string | null }>(
    "select secret from public.autopilot_destinations where workspace_id = $1 and schedule_id = $2 and type = $3 and target = $4",
    [workspaceId, scheduleId, type, target],
  );
  return rows[0]?.secret ?? null;
}

/** One-click unsubscribe (system): removes the recipient the token belongs to, and says who and from what. */
export async function removeByUnsubscribeToken(
  tx: Queryable,
  { token }: { token: string },
): Promise<{ workspace_id: string; schedule_id: string; target: string; schedule_name: string } | null> {
  const { rows } = await tx.query<{ workspace_id: string; schedule_id: string; target: string; schedule_name: string }>(
    `with gone as (
       delete from public.autopilot_destinations where unsubscribe_token = $1 and type = 'email'
       returning workspace_id, schedule_id, target
     )
     select g.workspace_id, g.schedule_id, g.target, s.schedule_name
     from gone g join public.autopilot_schedules s on s.id = g.schedule_id`,
    [token],
  );
  return rows[0] ?? null;
}

/** The schedules of a workspace that email this address, by name. */
export async function listEmailSubscriptions(tx: Queryable, { workspaceId, email }: { workspaceId: string; email: string }): Promise<{ schedule_id: string; schedule_name: string }[]> {
  const { rows } = await tx.query<{ schedule_id: string; schedule_name: string }>(
    `select s.id as schedule_id, s.schedule_name from public.autopilot_destinations d
     join public.autopilot_schedules s on s.id = d.schedule_id
     where d.workspace_id = $1 and d.type = 'email' and d.target = lower($2)
     order by lower(s.schedule_name), s.id`,
    [workspaceId, email],
  );
  return rows;
}

/** Removes one address from one schedule's email recipients (system: a member need not manage the schedule). */
export async function removeEmailRecipient(
  tx: Queryable,
  { workspaceId, scheduleId, email }: { workspaceId: string; scheduleId: string; email: string },
): Promise<{ schedule_name: string } | null> {
  const { rows } = await tx.query<{ schedule_name: string }>(
    `with gone as (
       delete from public.autopilot_destinations
       where workspace_id = $1 and schedule_id = $2 and type = 'email' and target = lower($3)
       returning schedule_id
     )
     select s.schedule_name from gone g join public.autopilot_schedules s on s.id = g.schedule_id`,
    [workspaceId, scheduleId, email],
  );
  return rows[0] ?? null;
}

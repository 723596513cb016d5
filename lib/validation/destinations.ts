import { z } from "zod";
import { CHAT_SERVICE_NAMES, MAX_CHANNELS_PER_SERVICE, type ChatService } from "@/lib/delivery/chat-services";

export const MAX_EMAIL_RECIPIENTS = 50;
export const MAX_SLACK_DESTINATIONS = MAX_CHANNELS_PER_SERVICE;
export const MAX_WEBHOOKS = 5;

const httpsUrl = (field: string) =>
  z
    .string({ error: `${field} is required` })
    .trim()
    .max(2000, `${field} is at most 2000 characters`)
    .refine((value) => {
      try {
        const url = new URL(value);
        return url.protocol === "https:" || url.protocol === "http:";
      } catch {
        return false;
      }
    }, `${field} must be an http(s) URL`);

const emailDestination = z.object({
  type: z.literal("email"),
  to: z
    .array(z.email({ error: (issue) => `“${String(issue.input).trim().slice(0, 100)}” is not an email address: each recipient in to must be one` }).trim().toLowerCase().max(254), {
      error: "to must be a list of email addresses",
    })
    .min(1, "to needs at least one email address")
    .max(MAX_EMAIL_RECIPIENTS, `to holds at most ${MAX_EMAIL_RECIPIENTS} addresses`),
});

/**
 * A chat channel (Slack, Microsoft Teams, Discord) by its incoming-webhook URL (new, or replacing one), or
 * `keep`: the label of one the schedule already has (its URL is write-only and never shown again).
 */
const chatDestination = <T extends ChatService>(type: T) =>
  z
    .object({
      type: z.literal(type),
      webhook_url: httpsUrl("webhook_url").optional(),
      keep: z.string().trim().min(1).max(200).optional(),
    })
    .refine((d) => Boolean(d.webhook_url) !== Boolean(d.keep), { message: "webhook_url is required", path: ["webhook_url"] });

const webhookDestination = z.object({
  type: z.literal("webhook"),
  url: httpsUrl("url"),
  /** Write-only. Omitted on a PATCH for a webhook the schedule already has: its secret is kept. */
  secret: z.string().min(16, "secret must be 16–200 characters").max(200, "secret must be 16–200 characters").optional(),
});

const destinationSchema = z.discriminatedUnion("type", [emailDestination, chatDestination("slack"), chatDestination("teams"), chatDestination("discord"), webhookDestination], {
  error: "each destination needs a type: email, slack, teams, discord or webhook",
});

/**
 * Where a schedule's reports go: `{type: "email", to: [...]}`, `{type: "slack" | "teams" | "discord",
 * webhook_url}` (or `{type, keep: label}` for a channel it has), `{type: "webhook", url, secret}`. At most 50
 * email recipients, 5 channels of each chat service and 5 webhooks per schedule.
 */
export const destinationsSchema = z
  .array(destinationSchema, {
    error: "destinations must be a list",
  })
  .max(20, "destinations holds at most 20 entries")
  .superRefine((list, ctx) => {
    const emails = list.flatMap((d) => (d.type === "email" ? d.to : []));
    if (new Set(emails).size > MAX_EMAIL_RECIPIENTS) ctx.addIssue({ code: "custom", message: `at most ${MAX_EMAIL_RECIPIENTS} email recipients per schedule` });
    for (const service of ["slack", "teams", "discord"] as const) {
      if (list.filter((d) => d.type === service).length > MAX_CHANNELS_PER_SERVICE) {
        ctx.addIssue({ code: "custom", message: `at most ${MAX_CHANNELS_PER_SERVICE} ${CHAT_SERVICE_NAMES[service]} channels per schedule` });
      }
    }
    if (list.filter((d) => d.type === "webhook").length > MAX_WEBHOOKS) ctx.addIssue({ code: "custom", message: `at most ${MAX_WEBHOOKS} webhooks per schedule` });
  });

export type DestinationsInput = z.infer<typeof destinationsSchema>;

/** How the API shows a schedule's destinations: email recipients grouped, secrets never included. */
export type DestinationView = { type: "email"; to: string[] } | { type: ChatService; label: string; has_url: true } | { type: "webhook"; url: string; has_secret: true };

/** A chat channel entry of the API, whichever its service. */
export type ChatDestinationInput = Extract<DestinationsInput[number], { type: ChatService }>;

/**
 * "Send a test" to one destination, from the editor: saved or not yet. With `schedule_id`, the test shows that
 * schedule's latest report and a webhook without a secret is signed with the one the schedule keeps.
 */
export const destinationTestSchema = z.object({
  destination: destinationSchema,
  schedule_id: z.uuid({ error: "schedule_id must be the id (UUID) of a schedule" }).optional(),
});

export type DestinationTestInput = z.infer<typeof destinationTestSchema>;

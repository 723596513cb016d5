/**
 * Chat services a report can be posted to through an incoming webhook. For each, the webhook's URL is the
 * secret (whoever holds it posts to the channel): it is stored where members cannot read it, and the channel
 * is shown by a label (see slack-webhook.ts).
 */
export const CHAT_SERVICES = ["slack", "teams", "discord"] as const;
export type ChatService = (typeof CHAT_SERVICES)[number];

export const CHAT_SERVICE_NAMES: Record<ChatService, string> = { slack: "Slack", teams: "Microsoft Teams", discord: "Discord" };

/** What each service's incoming-webhook URL looks like, for the editor's placeholder. */
export const CHAT_SERVICE_URL_EXAMPLES: Record<ChatService, string> = {
  slack: "https://hooks.slack.com/services/…",
  teams: "https://….webhook.office.com/… or a Workflows URL",
  discord: "https://discord.com/api/webhooks/…",
};

/** At most this many channels of each service per schedule. */
export const MAX_CHANNELS_PER_SERVICE = 5;

export function isChatService(type: string): type is ChatService {
  return (CHAT_SERVICES as readonly string[]).includes(type);
}

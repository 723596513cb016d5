import { CHAT_SERVICE_NAMES, type ChatService } from "@/lib/delivery/chat-services";

/** An endpoint shown by its host: its path may hold a token (Slack's incoming webhooks do). */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * A destination in words, never with a secret: "Email to a@b.c", "Slack hooks.slack.com …x7Qa (3f9a01bc)" (a
 * Slack channel's stored target is already its label), "Webhook example.com".
 */
export function destinationLabel(type: "email" | ChatService | "webhook", target: string): string {
  if (type === "email") return `Email to ${target}`;
  return type === "webhook" ? `Webhook ${hostOf(target)}` : `${CHAT_SERVICE_NAMES[type]} ${target}`;
}

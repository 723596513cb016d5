import { createHash } from "node:crypto";
import { hostOf } from "@/lib/url-host";

/**
 * How a Slack incoming webhook is shown and stored where members can read it: its host, the URL's last four
 * characters and a fingerprint ("hooks.slack.com …x7Qa (3f9a01bc)"). The URL itself is the secret (whoever
 * holds it posts to the channel), so it is kept only where members cannot read it, like a webhook's secret.
 */
export function slackLabel(url: string): string {
  const fingerprint = createHash("sha256").update(url).digest("hex").slice(0, 8);
  return `${hostOf(url)} …${url.slice(-4)} (${fingerprint})`;
}

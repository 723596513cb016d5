import { hostOf } from "@/lib/url-host";
import type { DestinationView } from "@/lib/validation/destinations";
import { CHAT_SERVICE_NAMES } from "@/lib/delivery/chat-services";

/** "Delivers to: a@example.com, b@example.com by email · Slack (hooks.slack.com) · webhook (example.com)". */
export function DestinationsSummary({ destinations }: { destinations: DestinationView[] }) {
  const parts = destinations.map((d) => (d.type === "email" ? `${d.to.join(", ")} by email` : d.type === "webhook" ? `webhook (${hostOf(d.url)})` : `${CHAT_SERVICE_NAMES[d.type]} (${d.label})`));
  return (
    <p className="text-sm text-slate-600">
      {parts.length ? `Delivers to: ${parts.join(" · ")}.` : "Reports are stored here and not sent anywhere."}
    </p>
  );
}

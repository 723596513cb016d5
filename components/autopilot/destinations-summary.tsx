import type { DestinationView } from "@/lib/validation/destinations";

function host(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** "Delivers to: a@example.com, b@example.com by email · Slack (hooks.slack.com) · webhook (example.com)". */
export function DestinationsSummary({ destinations }: { destinations: DestinationView[] }) {
  const parts = destinations.map((d) => (d.type === "email" ? `${d.to.join(", ")} by email` : d.type === "slack" ? `Slack (${host(d.webhook_url)})` : `webhook (${host(d.url)})`));
  return (
    <p className="text-sm text-slate-600">
      {parts.length ? `Delivers to: ${parts.join(" · ")}.` : "Reports are stored here and not sent anywhere."}
    </p>
  );
}

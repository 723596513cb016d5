import type { RunWithDeliveries } from "@/lib/runs/run-deliveries";
import type { ReactNode } from "react";
import { ZonedTime } from "@/components/time/zoned-time";
import { hostOf } from "@/lib/url-host";
import { CHAT_SERVICE_NAMES } from "@/lib/delivery/chat-services";

type Delivery = RunWithDeliveries["deliveries"][number];

const TYPE_LABELS: Record<Delivery["type"], string> = { email: "Email", ...CHAT_SERVICE_NAMES, webhook: "Webhook" };

/** An email address in full, an endpoint by its host. */
function targetLabel(delivery: Delivery): string {
  return delivery.type === "email" ? delivery.target : hostOf(delivery.target);
}

function stateLabel(delivery: Delivery): { text: ReactNode; tone: string } {
  if (delivery.status === "sent") return { text: <>sent {delivery.sent_at ? <ZonedTime value={delivery.sent_at} /> : null}</>, tone: "text-emerald-800" };
  if (delivery.status === "failed") return { text: "failed", tone: "text-red-800" };
  if (delivery.status === "gave_up") return { text: `gave up after ${delivery.attempts} attempts`, tone: "text-red-800" };
  if (delivery.attempts === 0) return { text: "waiting to be sent", tone: "text-slate-600" };
  return { text: <>retrying (attempt {delivery.attempts + 1} at <ZonedTime value={delivery.next_attempt_at} />)</>, tone: "text-amber-800" };
}

/** Each destination of a run with its state: a report that did not arrive says so, and why. */
export function DeliveryList({ deliveries }: { deliveries: Delivery[] }) {
  if (deliveries.length === 0) return null;
  return (
    <ul className="mt-1 space-y-0.5 text-xs" aria-label="Deliveries">
      {deliveries.map((delivery) => {
        const state = stateLabel(delivery);
        return (
          <li key={delivery.id}>
            <span className="text-slate-700">
              {delivery.kind === "alert" ? "Owner alert" : TYPE_LABELS[delivery.type]}
              {delivery.is_test ? " (test)" : ""} · {targetLabel(delivery)}:
            </span>{" "}
            <span className={state.tone}>{state.text}</span>
            {delivery.last_error && delivery.status !== "sent" && <span className="block text-slate-600">{delivery.last_error}</span>}
          </li>
        );
      })}
    </ul>
  );
}

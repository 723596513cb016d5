import { NextResponse } from "next/server";
import { sendTestDelivery } from "@/lib/autopilot/send-test-delivery";
import { requireActor } from "@/lib/auth/current-actor";
import { handleRoute } from "@/lib/http/route-handler";
import { readJson } from "@/lib/http/read-json";
import { destinationTestSchema } from "@/lib/validation/destinations";
import { parseInput } from "@/lib/validation/zod-error";

// A send waits for the receiver (SMTP and HTTP time out within 20 s).
export const maxDuration = 30;

type Params = { ws: string };

/** "Send a test" to one destination: 200 with what each receiver answered (a refusal is a result, not an error). */
export const POST = handleRoute<Params>(async (request, { params }) => {
  const actor = await requireActor();
  const input = parseInput(destinationTestSchema, await readJson(request));
  return NextResponse.json(await sendTestDelivery(actor, (await params).ws, input));
});

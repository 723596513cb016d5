import { after, NextResponse } from "next/server";
import { startTestRun } from "@/lib/autopilot/test-run";
import { requireActor } from "@/lib/auth/current-actor";
import { handleRoute } from "@/lib/http/route-handler";
import { testRunQuerySchema } from "@/lib/validation/run";
import { parseInput } from "@/lib/validation/zod-error";

// The report is made after the response, inside this function's lifetime: a run's deadline
// (AUTOPILOT_RUN_TIMEOUT_SECONDS, 60 by default) fits inside it.
export const maxDuration = 60;

type Params = { ws: string; id: string };

/** 202 with the run at once; the report is generated after the response. `?channels=1`: also to its Slack and webhooks. */
export const POST = handleRoute<Params>(async (request, { params }) => {
  const actor = await requireActor();
  const { ws, id } = await params;
  const { channels } = parseInput(testRunQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  const { run, complete } = await startTestRun(actor, ws, id, { channels });
  after(complete);
  return NextResponse.json(run, { status: 202 });
});

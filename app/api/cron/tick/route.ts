import { NextResponse } from "next/server";
import { assertCronAuthorized } from "@/lib/engine/cron-auth";
import { runTick } from "@/lib/engine/run-tick";
import { getDatabase } from "@/lib/db/connection";
import { handleRoute } from "@/lib/http/route-handler";

export const dynamic = "force-dynamic";
// Vercel's limit for this function; the tick stops claiming well before AUTOPILOT_TICK_BUDGET_SECONDS (50).
export const maxDuration = 60;

const tick = handleRoute(async (request) => {
  assertCronAuthorized(request);
  return NextResponse.json(await runTick(await getDatabase()));
});

// Vercel Cron uses GET; POST serves other schedulers.
export const GET = tick;
export const POST = tick;

import { NextResponse } from "next/server";
import { runCronTick } from "@/lib/engine/cron-tick";
import { handleRoute } from "@/lib/http/route-handler";

export const dynamic = "force-dynamic";
// Vercel's limit for this function; the tick stops claiming well before AUTOPILOT_TICK_BUDGET_SECONDS (50).
export const maxDuration = 60;

const tick = handleRoute(async (request) => NextResponse.json(await runCronTick(request)));

// Vercel Cron uses GET; POST serves other schedulers.
export const GET = tick;
export const POST = tick;

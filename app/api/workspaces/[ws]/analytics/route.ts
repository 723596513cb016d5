import { NextResponse } from "next/server";
import { getScheduleAnalytics } from "@/lib/autopilot/schedule-analytics";
import { requireActor } from "@/lib/auth/current-actor";
import { handleRoute } from "@/lib/http/route-handler";
import { queryParams } from "@/lib/http/query-params";
import { analyticsQuerySchema } from "@/lib/validation/analytics";
import { parseInput } from "@/lib/validation/zod-error";

type Params = { ws: string };

/** `?days=7|30|90&schedule_id=`: success and delivery rates, durations, lateness and skips, overall, per schedule and per day. */
export const GET = handleRoute<Params>(async (request, { params }) => {
  const actor = await requireActor();
  const query = parseInput(analyticsQuerySchema, queryParams(request));
  return NextResponse.json(await getScheduleAnalytics(actor, (await params).ws, query));
});

import { NextResponse } from "next/server";
import { getScheduleCalendar } from "@/lib/autopilot/schedule-calendar";
import { requireActor } from "@/lib/auth/current-actor";
import { queryParams } from "@/lib/http/query-params";
import { handleRoute } from "@/lib/http/route-handler";
import { calendarQuerySchema } from "@/lib/validation/calendar";
import { parseInput } from "@/lib/validation/zod-error";

type Params = { ws: string };

/** The runs of the next `days` days (30 by default), as the tick will run them. */
export const GET = handleRoute<Params>(async (request, { params }) => {
  const actor = await requireActor();
  const { days } = parseInput(calendarQuerySchema, queryParams(request));
  return NextResponse.json(await getScheduleCalendar(actor, (await params).ws, { days }));
});

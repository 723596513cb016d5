import { NextResponse } from "next/server";
import { listScheduleRuns } from "@/lib/autopilot/schedules";
import { requireActor } from "@/lib/auth/current-actor";
import { queryParams } from "@/lib/http/query-params";
import { handleRoute } from "@/lib/http/route-handler";
import { runListQuerySchema } from "@/lib/validation/run";
import { parseInput } from "@/lib/validation/zod-error";

type Params = { ws: string; id: string };

export const GET = handleRoute<Params>(async (request, { params }) => {
  const actor = await requireActor();
  const { ws, id } = await params;
  const query = parseInput(runListQuerySchema, queryParams(request));
  return NextResponse.json(await listScheduleRuns(actor, ws, id, query));
});

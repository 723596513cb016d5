import { NextResponse } from "next/server";
import { createSchedule, listScheduleViews } from "@/lib/autopilot/schedules";
import { getScheduleDefaults, withScheduleDefaults } from "@/lib/autopilot/schedule-defaults";
import { requireActor } from "@/lib/auth/current-actor";
import { queryParams } from "@/lib/http/query-params";
import { handleRoute } from "@/lib/http/route-handler";
import { readJson } from "@/lib/http/read-json";
import { scheduleCreateSchema, scheduleListQuerySchema } from "@/lib/validation/schedule";
import { parseInput } from "@/lib/validation/zod-error";

type Params = { ws: string };

export const GET = handleRoute<Params>(async (request, { params }) => {
  const actor = await requireActor();
  const query = parseInput(scheduleListQuerySchema, queryParams(request));
  return NextResponse.json(await listScheduleViews(actor, (await params).ws, query));
});

export const POST = handleRoute<Params>(async (request, { params }) => {
  const actor = await requireActor();
  const { ws } = await params;
  // Policy fields the request leaves out take the workspace's defaults.
  const input = parseInput(scheduleCreateSchema, withScheduleDefaults(await readJson(request), await getScheduleDefaults(actor, ws)));
  return NextResponse.json(await createSchedule(actor, ws, input), { status: 201 });
});

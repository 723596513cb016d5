import { NextResponse } from "next/server";
import { deleteSchedule, getScheduleView, updateSchedule } from "@/lib/autopilot/schedules";
import { requireActor } from "@/lib/auth/current-actor";
import { handleRoute } from "@/lib/http/route-handler";
import { readJson } from "@/lib/http/read-json";
import { schedulePatchSchema } from "@/lib/validation/schedule";
import { parseInput } from "@/lib/validation/zod-error";

type Params = { ws: string; id: string };

export const GET = handleRoute<Params>(async (_request, { params }) => {
  const actor = await requireActor();
  const { ws, id } = await params;
  return NextResponse.json(await getScheduleView(actor, ws, id));
});

export const PATCH = handleRoute<Params>(async (request, { params }) => {
  const actor = await requireActor();
  const { ws, id } = await params;
  const patch = parseInput(schedulePatchSchema, await readJson(request));
  return NextResponse.json(await updateSchedule(actor, ws, id, patch));
});

export const DELETE = handleRoute<Params>(async (_request, { params }) => {
  const actor = await requireActor();
  const { ws, id } = await params;
  await deleteSchedule(actor, ws, id);
  return new NextResponse(null, { status: 204 });
});

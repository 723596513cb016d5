import { NextResponse } from "next/server";
import { deleteScheduleTemplate, getScheduleTemplate } from "@/lib/autopilot/schedule-templates";
import { requireActor } from "@/lib/auth/current-actor";
import { handleRoute } from "@/lib/http/route-handler";

type Params = { ws: string; id: string };

export const GET = handleRoute<Params>(async (_request, { params }) => {
  const actor = await requireActor();
  const { ws, id } = await params;
  return NextResponse.json(await getScheduleTemplate(actor, ws, id));
});

/** Owners only; schedules made from it keep their settings. */
export const DELETE = handleRoute<Params>(async (_request, { params }) => {
  const actor = await requireActor();
  const { ws, id } = await params;
  await deleteScheduleTemplate(actor, ws, id);
  return new NextResponse(null, { status: 204 });
});

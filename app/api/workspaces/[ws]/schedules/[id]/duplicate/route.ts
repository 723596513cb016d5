import { NextResponse } from "next/server";
import { duplicateSchedule } from "@/lib/autopilot/schedules";
import { requireActor } from "@/lib/auth/current-actor";
import { handleRoute } from "@/lib/http/route-handler";

type Params = { ws: string; id: string };

/** 201 with the copy (switched off) and `left_out`: the Slack channels and webhooks not copied, by label. */
export const POST = handleRoute<Params>(async (_request, { params }) => {
  const actor = await requireActor();
  const { ws, id } = await params;
  const { schedule, left_out } = await duplicateSchedule(actor, ws, id);
  return NextResponse.json({ ...schedule, left_out }, { status: 201 });
});

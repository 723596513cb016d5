import { NextResponse } from "next/server";
import { stopMyEmails } from "@/lib/autopilot/my-emails";
import { requireActor } from "@/lib/auth/current-actor";
import { handleRoute } from "@/lib/http/route-handler";

/** Stops this schedule's emails to the signed-in person. */
export const DELETE = handleRoute<{ ws: string; scheduleId: string }>(async (_request, { params }) => {
  const actor = await requireActor();
  const { ws, scheduleId } = await params;
  return NextResponse.json(await stopMyEmails(actor, ws, scheduleId));
});

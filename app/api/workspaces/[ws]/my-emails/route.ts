import { NextResponse } from "next/server";
import { listMyEmails } from "@/lib/autopilot/my-emails";
import { requireActor } from "@/lib/auth/current-actor";
import { handleRoute } from "@/lib/http/route-handler";

/** The schedules of this workspace that email the signed-in person. */
export const GET = handleRoute<{ ws: string }>(async (_request, { params }) => {
  const actor = await requireActor();
  return NextResponse.json(await listMyEmails(actor, (await params).ws));
});

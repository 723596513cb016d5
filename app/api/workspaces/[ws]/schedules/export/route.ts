import { NextResponse } from "next/server";
import { exportSchedules } from "@/lib/autopilot/schedules-as-code";
import { requireActor } from "@/lib/auth/current-actor";
import { handleRoute } from "@/lib/http/route-handler";

type Params = { ws: string };

/** The workspace's schedules as JSON (secrets left out); `?download=1` saves it as a file. */
export const GET = handleRoute<Params>(async (request, { params }) => {
  const actor = await requireActor();
  const document = await exportSchedules(actor, (await params).ws);
  const download = new URL(request.url).searchParams.get("download") === "1";
  return NextResponse.json(document, {
    headers: download ? { "Content-Disposition": `attachment; filename="autopilot-schedules-${document.exported_at.slice(0, 10)}.json"` } : {},
  });
});

import { NextResponse } from "next/server";
import { requireActor } from "@/lib/auth/current-actor";
import { handleRoute } from "@/lib/http/route-handler";
import { countRunLinks, revokeRunLinks } from "@/lib/runs/report-links";

type Params = { ws: string; id: string };

/** How many recipients' links to this report still open it. */
export const GET = handleRoute<Params>(async (_request, { params }) => {
  const actor = await requireActor();
  const { ws, id } = await params;
  return NextResponse.json({ live: await countRunLinks(actor, ws, id) });
});

/** Revokes every recipient's link to this report. */
export const DELETE = handleRoute<Params>(async (_request, { params }) => {
  const actor = await requireActor();
  const { ws, id } = await params;
  return NextResponse.json(await revokeRunLinks(actor, ws, id));
});

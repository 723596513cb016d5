import { NextResponse } from "next/server";
import { requireActor } from "@/lib/auth/current-actor";
import { handleRoute } from "@/lib/http/route-handler";
import { getWorkspaceRun } from "@/lib/runs/runs";

type Params = { ws: string; id: string };

export const GET = handleRoute<Params>(async (_request, { params }) => {
  const actor = await requireActor();
  const { ws, id } = await params;
  return NextResponse.json(await getWorkspaceRun(actor, ws, id));
});

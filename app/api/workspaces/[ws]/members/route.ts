import { NextResponse } from "next/server";
import { requireActor } from "@/lib/auth/current-actor";
import { handleRoute } from "@/lib/http/route-handler";
import { listWorkspaceMembers } from "@/lib/workspaces/workspaces";

type Params = { ws: string };

/** Members are listed here; people join by invitation (`./invitations`). */
export const GET = handleRoute<Params>(async (_request, { params }) => {
  const actor = await requireActor();
  const items = await listWorkspaceMembers(actor, (await params).ws);
  return NextResponse.json({ items, total: items.length });
});

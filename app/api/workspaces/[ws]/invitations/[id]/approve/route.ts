import { NextResponse } from "next/server";
import { requireActor } from "@/lib/auth/current-actor";
import { handleRoute } from "@/lib/http/route-handler";
import { approveInvitation } from "@/lib/invitations/invitations";

type Params = { ws: string; id: string };

/** An owner lets in the person who asked to join with a link that was not emailed to them. */
export const POST = handleRoute<Params>(async (_request, { params }) => {
  const actor = await requireActor();
  const { ws, id } = await params;
  return NextResponse.json(await approveInvitation(actor, ws, id));
});

import { requireActor } from "@/lib/auth/current-actor";
import { handleRoute } from "@/lib/http/route-handler";
import { revokeInvitation } from "@/lib/invitations/invitations";

type Params = { ws: string; id: string };

export const DELETE = handleRoute<Params>(async (_request, { params }) => {
  const actor = await requireActor();
  const { ws, id } = await params;
  await revokeInvitation(actor, ws, id);
  return new Response(null, { status: 204 });
});

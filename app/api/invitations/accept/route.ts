import { NextResponse } from "next/server";
import { requireActor } from "@/lib/auth/current-actor";
import { handleRoute } from "@/lib/http/route-handler";
import { readJson } from "@/lib/http/read-json";
import { acceptInvitation } from "@/lib/invitations/invitations";
import { invitationAcceptSchema } from "@/lib/validation/workspace";
import { parseInput } from "@/lib/validation/zod-error";

export const POST = handleRoute(async (request) => {
  const actor = await requireActor();
  const { token } = parseInput(invitationAcceptSchema, await readJson(request));
  return NextResponse.json(await acceptInvitation(actor, token));
});

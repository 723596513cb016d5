import { NextResponse } from "next/server";
import { requireActor } from "@/lib/auth/current-actor";
import { handleRoute } from "@/lib/http/route-handler";
import { readJson } from "@/lib/http/read-json";
import { acceptInvitation } from "@/lib/invitations/invitations";
import { linkTokenSchema } from "@/lib/validation/link-token";
import { parseInput } from "@/lib/validation/zod-error";

export const POST = handleRoute(async (request) => {
  const actor = await requireActor();
  const { token } = parseInput(linkTokenSchema, await readJson(request));
  return NextResponse.json(await acceptInvitation(actor, token));
});

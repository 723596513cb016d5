import { NextResponse } from "next/server";
import { requireActor } from "@/lib/auth/current-actor";
import { handleRoute } from "@/lib/http/route-handler";
import { readJson } from "@/lib/http/read-json";
import { inviteToWorkspace, listInvitations } from "@/lib/invitations/invitations";
import { memberInputSchema } from "@/lib/validation/workspace";
import { parseInput } from "@/lib/validation/zod-error";

type Params = { ws: string };

export const GET = handleRoute<Params>(async (_request, { params }) => {
  const actor = await requireActor();
  const items = await listInvitations(actor, (await params).ws);
  return NextResponse.json({ items, total: items.length });
});

/** Invites an address: 201 with the link to share, whether or not the address has an account. */
export const POST = handleRoute<Params>(async (request, { params }) => {
  const actor = await requireActor();
  const input = parseInput(memberInputSchema, await readJson(request));
  return NextResponse.json(await inviteToWorkspace(actor, (await params).ws, input), { status: 201 });
});

import { NextResponse } from "next/server";
import { requireActor } from "@/lib/auth/current-actor";
import { handleRoute } from "@/lib/http/route-handler";
import { readJson } from "@/lib/http/read-json";
import { memberInputSchema } from "@/lib/validation/workspace";
import { parseInput } from "@/lib/validation/zod-error";
import { addWorkspaceMember, listWorkspaceMembers } from "@/lib/workspaces/workspaces";

type Params = { ws: string };

export const GET = handleRoute<Params>(async (_request, { params }) => {
  const actor = await requireActor();
  const items = await listWorkspaceMembers(actor, (await params).ws);
  return NextResponse.json({ items, total: items.length });
});

export const POST = handleRoute<Params>(async (request, { params }) => {
  const actor = await requireActor();
  const input = parseInput(memberInputSchema, await readJson(request));
  return NextResponse.json(await addWorkspaceMember(actor, (await params).ws, input), { status: 201 });
});

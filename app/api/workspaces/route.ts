import { NextResponse } from "next/server";
import { requireActor } from "@/lib/auth/current-actor";
import { handleRoute } from "@/lib/http/route-handler";
import { readJson } from "@/lib/http/read-json";
import { workspaceInputSchema } from "@/lib/validation/workspace";
import { parseInput } from "@/lib/validation/zod-error";
import { createWorkspace, listWorkspaces } from "@/lib/workspaces/workspaces";

export const GET = handleRoute(async () => {
  const items = await listWorkspaces(await requireActor());
  return NextResponse.json({ items, total: items.length });
});

export const POST = handleRoute(async (request) => {
  const actor = await requireActor();
  const input = parseInput(workspaceInputSchema, await readJson(request));
  return NextResponse.json(await createWorkspace(actor, input), { status: 201 });
});

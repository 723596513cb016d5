import { NextResponse } from "next/server";
import { requireActor } from "@/lib/auth/current-actor";
import { importContentItems, listWorkspaceContent } from "@/lib/content/content-items";
import { queryParams } from "@/lib/http/query-params";
import { handleRoute } from "@/lib/http/route-handler";
import { readJson } from "@/lib/http/read-json";
import { contentImportSchema, contentListQuerySchema } from "@/lib/validation/content-item";
import { parseInput } from "@/lib/validation/zod-error";

type Params = { ws: string };

export const GET = handleRoute<Params>(async (request, { params }) => {
  const actor = await requireActor();
  const query = parseInput(contentListQuerySchema, queryParams(request));
  return NextResponse.json(await listWorkspaceContent(actor, (await params).ws, query));
});

export const POST = handleRoute<Params>(async (request, { params }) => {
  const actor = await requireActor();
  const items = parseInput(contentImportSchema, await readJson(request, 5_000_000));
  return NextResponse.json(await importContentItems(actor, (await params).ws, items), { status: 201 });
});

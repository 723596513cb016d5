import { NextResponse } from "next/server";
import { requireActor } from "@/lib/auth/current-actor";
import { handleRoute } from "@/lib/http/route-handler";
import { readJson } from "@/lib/http/read-json";
import { createSpecification, listSpecifications } from "@/lib/specifications/specifications";
import { specificationSchema } from "@/lib/validation/specification";
import { parseInput } from "@/lib/validation/zod-error";

type Params = { ws: string };

export const GET = handleRoute<Params>(async (_request, { params }) => {
  const actor = await requireActor();
  const items = await listSpecifications(actor, (await params).ws);
  return NextResponse.json({ items, total: items.length });
});

export const POST = handleRoute<Params>(async (request, { params }) => {
  const actor = await requireActor();
  const input = parseInput(specificationSchema, await readJson(request));
  return NextResponse.json(await createSpecification(actor, (await params).ws, input), { status: 201 });
});

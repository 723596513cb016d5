import { NextResponse } from "next/server";
import { requireActor } from "@/lib/auth/current-actor";
import { handleRoute } from "@/lib/http/route-handler";
import { readJson } from "@/lib/http/read-json";
import { deleteSpecification, getSpecification, updateSpecification } from "@/lib/specifications/specifications";
import { specificationPatchSchema } from "@/lib/validation/specification";
import { parseInput } from "@/lib/validation/zod-error";

type Params = { ws: string; id: string };

export const GET = handleRoute<Params>(async (_request, { params }) => {
  const actor = await requireActor();
  const { ws, id } = await params;
  return NextResponse.json(await getSpecification(actor, ws, id));
});

export const PATCH = handleRoute<Params>(async (request, { params }) => {
  const actor = await requireActor();
  const { ws, id } = await params;
  const patch = parseInput(specificationPatchSchema, await readJson(request));
  return NextResponse.json(await updateSpecification(actor, ws, id, patch));
});

export const DELETE = handleRoute<Params>(async (_request, { params }) => {
  const actor = await requireActor();
  const { ws, id } = await params;
  await deleteSpecification(actor, ws, id);
  return new NextResponse(null, { status: 204 });
});

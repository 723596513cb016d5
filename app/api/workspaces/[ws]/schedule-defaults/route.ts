import { NextResponse } from "next/server";
import { getScheduleDefaults, setScheduleDefaults } from "@/lib/autopilot/schedule-defaults";
import { requireActor } from "@/lib/auth/current-actor";
import { handleRoute } from "@/lib/http/route-handler";
import { readJson } from "@/lib/http/read-json";
import { schedulePolicySchema } from "@/lib/validation/schedule-policy";
import { parseInput } from "@/lib/validation/zod-error";

type Params = { ws: string };

export const GET = handleRoute<Params>(async (_request, { params }) => {
  const actor = await requireActor();
  return NextResponse.json(await getScheduleDefaults(actor, (await params).ws));
});

export const PUT = handleRoute<Params>(async (request, { params }) => {
  const actor = await requireActor();
  const defaults = parseInput(schedulePolicySchema, await readJson(request));
  return NextResponse.json(await setScheduleDefaults(actor, (await params).ws, defaults));
});

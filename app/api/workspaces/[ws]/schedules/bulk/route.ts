import { NextResponse } from "next/server";
import { applyBulkScheduleAction } from "@/lib/autopilot/bulk-schedules";
import { requireActor } from "@/lib/auth/current-actor";
import { handleRoute } from "@/lib/http/route-handler";
import { readJson } from "@/lib/http/read-json";
import { bulkScheduleActionSchema } from "@/lib/validation/bulk-schedules";
import { parseInput } from "@/lib/validation/zod-error";

type Params = { ws: string };

/** 200 with one result per schedule: done, unchanged or refused (with the reason). */
export const POST = handleRoute<Params>(async (request, { params }) => {
  const actor = await requireActor();
  const input = parseInput(bulkScheduleActionSchema, await readJson(request));
  return NextResponse.json(await applyBulkScheduleAction(actor, (await params).ws, input));
});

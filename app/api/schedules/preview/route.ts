import { NextResponse } from "next/server";
import { previewDraftSchedule } from "@/lib/autopilot/schedule-preview";
import { requireActor } from "@/lib/auth/current-actor";
import { handleRoute } from "@/lib/http/route-handler";
import { readJson } from "@/lib/http/read-json";
import { schedulePreviewRequestSchema } from "@/lib/validation/schedule-preview";
import { parseInput } from "@/lib/validation/zod-error";

export const POST = handleRoute(async (request) => {
  const actor = await requireActor();
  return NextResponse.json(await previewDraftSchedule(actor, parseInput(schedulePreviewRequestSchema, await readJson(request))));
});

import { NextResponse } from "next/server";
import { requireActor } from "@/lib/auth/current-actor";
import { handleRoute } from "@/lib/http/route-handler";
import { readJson } from "@/lib/http/read-json";
import { previewSchedule } from "@/lib/schedule/preview";
import { schedulePreviewRequestSchema } from "@/lib/validation/schedule-preview";
import { parseInput } from "@/lib/validation/zod-error";

export const POST = handleRoute(async (request) => {
  await requireActor();
  const { count, after, frequency, ...schedule } = parseInput(schedulePreviewRequestSchema, await readJson(request));
  return NextResponse.json(previewSchedule(schedule, { count, after: after ? new Date(after) : new Date(), frequency }));
});

import { NextResponse } from "next/server";
import { listScheduleTemplates, saveScheduleAsTemplate } from "@/lib/autopilot/schedule-templates";
import { requireActor } from "@/lib/auth/current-actor";
import { handleRoute } from "@/lib/http/route-handler";
import { readJson } from "@/lib/http/read-json";
import { templateCreateSchema } from "@/lib/validation/schedule-template";
import { parseInput } from "@/lib/validation/zod-error";

type Params = { ws: string };

/** The built-in templates and the workspace's own. */
export const GET = handleRoute<Params>(async (_request, { params }) => {
  const actor = await requireActor();
  return NextResponse.json(await listScheduleTemplates(actor, (await params).ws));
});

/** Owners: 201 with the template saved from `schedule_id`, and `left_out` (the secrets a template never holds). */
export const POST = handleRoute<Params>(async (request, { params }) => {
  const actor = await requireActor();
  const input = parseInput(templateCreateSchema, await readJson(request));
  const { template, left_out } = await saveScheduleAsTemplate(actor, (await params).ws, input);
  return NextResponse.json({ ...template, left_out }, { status: 201 });
});

import { NextResponse } from "next/server";
import { importSchedules } from "@/lib/autopilot/schedules-as-code";
import { requireActor } from "@/lib/auth/current-actor";
import { handleRoute } from "@/lib/http/route-handler";
import { queryParams } from "@/lib/http/query-params";
import { readJson } from "@/lib/http/read-json";
import { importQuerySchema, scheduleDocumentSchema } from "@/lib/validation/schedule-document";
import { parseInput } from "@/lib/validation/zod-error";

type Params = { ws: string };

/** 500 schedules of a few kilobytes each. */
const MAX_DOCUMENT_BYTES = 2_000_000;

/** `?dry_run=true` answers what would change and changes nothing; otherwise applies it all or nothing. */
export const POST = handleRoute<Params>(async (request, { params }) => {
  const actor = await requireActor();
  const { dry_run } = parseInput(importQuerySchema, queryParams(request));
  const document = parseInput(scheduleDocumentSchema, await readJson(request, MAX_DOCUMENT_BYTES));
  return NextResponse.json(await importSchedules(actor, (await params).ws, document, { dryRun: dry_run }));
});

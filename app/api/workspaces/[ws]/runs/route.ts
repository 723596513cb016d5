import { after, NextResponse } from "next/server";
import { requireActor } from "@/lib/auth/current-actor";
import { queryParams } from "@/lib/http/query-params";
import { handleRoute } from "@/lib/http/route-handler";
import { readJson } from "@/lib/http/read-json";
import { listWorkspaceRuns, startManualRun } from "@/lib/runs/runs";
import { runListQuerySchema, runRequestSchema } from "@/lib/validation/run";
import { parseInput } from "@/lib/validation/zod-error";

// The report is made after the response, inside this function's lifetime: a run's deadline
// (AUTOPILOT_RUN_TIMEOUT_SECONDS, 60 by default) fits inside it.
export const maxDuration = 60;

type Params = { ws: string };

export const GET = handleRoute<Params>(async (request, { params }) => {
  const actor = await requireActor();
  const query = parseInput(runListQuerySchema, queryParams(request));
  return NextResponse.json(await listWorkspaceRuns(actor, (await params).ws, query));
});

/** 202 with the run at once; the report is generated after the response is sent. */
export const POST = handleRoute<Params>(async (request, { params }) => {
  const actor = await requireActor();
  const input = parseInput(runRequestSchema, await readJson(request));
  const { run, complete } = await startManualRun(actor, (await params).ws, input);
  after(complete);
  return NextResponse.json(run, { status: 202 });
});

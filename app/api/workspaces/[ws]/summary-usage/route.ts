import { NextResponse } from "next/server";
import { requireActor } from "@/lib/auth/current-actor";
import { handleRoute } from "@/lib/http/route-handler";
import { getSummaryUsage } from "@/lib/summary/summary-usage";

type Params = { ws: string };

/** Month-to-date tokens of the workspace's editor's summaries and the monthly budget (`configured: false` without a model). */
export const GET = handleRoute<Params>(async (_request, { params }) => {
  const actor = await requireActor();
  const { ws } = await params;
  const usage = await getSummaryUsage(actor, ws);
  return NextResponse.json(usage ? { configured: true, ...usage } : { configured: false });
});

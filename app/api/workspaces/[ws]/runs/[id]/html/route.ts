import { requireActor } from "@/lib/auth/current-actor";
import { handleRoute } from "@/lib/http/route-handler";
import { reportResponse } from "@/lib/runs/report-response";
import { getRunReport, reportFileName } from "@/lib/runs/runs";

type Params = { ws: string; id: string };

export const GET = handleRoute<Params>(async (request, { params }) => {
  const actor = await requireActor();
  const { ws, id } = await params;
  const { run, file } = await getRunReport(actor, ws, id);
  const download = new URL(request.url).searchParams.get("download") === "1";
  return reportResponse(file, { download, fileName: reportFileName(run) });
});

import { handleRoute } from "@/lib/http/route-handler";
import { notFound } from "@/lib/errors/app-error";
import { reportResponse } from "@/lib/runs/report-response";
import { openSharedReport } from "@/lib/runs/report-links";

type Params = { token: string };

/** The report a recipient's link opens, served as the viewer serves it (sandboxed, script-less); no account. */
export const GET = handleRoute<Params>(async (_request, { params }) => {
  const shared = await openSharedReport((await params).token);
  if (!shared) throw notFound("Report");
  return reportResponse(shared.file, { download: false, fileName: "report.html" });
});

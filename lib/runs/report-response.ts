import "server-only";
import type { ReportFile } from "@/lib/db/report-files";

/**
 * The stored report, served so that nothing in it can act: a sandboxed, script-less document that may
 * load only https/data images and its own inline styles.
 */
export function reportResponse(file: ReportFile, { download, fileName }: { download: boolean; fileName: string }): Response {
  const headers: Record<string, string> = {
    "Content-Type": "text/html; charset=utf-8",
    "Content-Security-Policy": "sandbox; default-src 'none'; img-src https: data:; style-src 'unsafe-inline'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "private, max-age=0, must-revalidate",
    ETag: `"${file.sha256}"`,
  };
  if (download) headers["Content-Disposition"] = `attachment; filename="${fileName}"`;
  return new Response(file.html, { status: 200, headers });
}

import type { RunStatus } from "@/lib/runs/run-status";

const COLORS: Record<RunStatus, string> = {
  success: "#059669",
  failed: "#dc2626",
  skipped: "#d97706",
  running: "#2f5bd3",
};
const SYMBOLS: Record<RunStatus, string> = { success: "✓", failed: "✕", skipped: "⤼", running: "↻" };

/** Recent runs, oldest to newest, one bar each; a legend with counts carries the same information as the colours. */
export function RunHistoryChart({ runs }: { runs: { id: string; status: RunStatus; created_at: Date; item_count: number | null }[] }) {
  const ordered = [...runs].reverse();
  const counts = ordered.reduce<Record<string, number>>((acc, run) => ({ ...acc, [run.status]: (acc[run.status] ?? 0) + 1 }), {});
  const summary = `Last ${ordered.length} runs: ${Object.entries(counts).map(([status, n]) => `${n} ${status}`).join(", ") || "none yet"}`;
  const width = Math.max(ordered.length * 14, 14);
  return (
    <figure className="space-y-2">
      <svg role="img" aria-label={summary} viewBox={`0 0 ${width} 40`} className="h-10 w-full max-w-md" preserveAspectRatio="xMinYMid meet">
        {ordered.map((run, index) => (
          <rect key={run.id} x={index * 14 + 2} y={run.status === "success" ? 4 : run.status === "skipped" ? 16 : 10} width={10} height={run.status === "success" ? 32 : run.status === "skipped" ? 20 : 26} rx={2} fill={COLORS[run.status]}>
            <title>{`${run.created_at.toISOString().slice(0, 16).replace("T", " ")} UTC: ${run.status}${run.item_count !== null ? `, ${run.item_count} items` : ""}`}</title>
          </rect>
        ))}
      </svg>
      <figcaption className="flex flex-wrap gap-3 text-xs text-slate-600">
        {ordered.length === 0 ? (
          <span>No runs yet.</span>
        ) : (
          (Object.keys(counts) as RunStatus[]).map((status) => (
            <span key={status} className="inline-flex items-center gap-1">
              <span aria-hidden style={{ color: COLORS[status] }}>{SYMBOLS[status]}</span>
              {counts[status]} {status}
            </span>
          ))
        )}
      </figcaption>
    </figure>
  );
}

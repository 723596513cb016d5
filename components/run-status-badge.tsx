import { RUN_STATUS_LABELS, type RunStatus } from "@/lib/runs/run-status";

// Text and symbol carry the status; colour only reinforces it.
const STYLES: Record<RunStatus, { icon: string; className: string }> = {
  running: { icon: "↻", className: "bg-brand-50 text-brand-700" },
  success: { icon: "✓", className: "bg-emerald-100 text-emerald-800" },
  failed: { icon: "✕", className: "bg-red-100 text-red-800" },
  skipped: { icon: "⤼", className: "bg-amber-100 text-amber-900" },
};

export function RunStatusBadge({ status }: { status: RunStatus }) {
  const style = STYLES[status];
  return (
    <span className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ${style.className}`}>
      <span aria-hidden>{style.icon}</span>
      {RUN_STATUS_LABELS[status]}
    </span>
  );
}

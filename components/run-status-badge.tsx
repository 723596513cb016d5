import type { RunStatus } from "@/lib/db/runs";

// Text and symbol carry the status; colour only reinforces it.
const STYLES: Record<RunStatus, { label: string; icon: string; className: string }> = {
  queued: { label: "Queued", icon: "…", className: "bg-slate-100 text-slate-700" },
  running: { label: "Running", icon: "↻", className: "bg-brand-50 text-brand-700" },
  success: { label: "Success", icon: "✓", className: "bg-emerald-100 text-emerald-800" },
  failed: { label: "Failed", icon: "✕", className: "bg-red-100 text-red-800" },
  skipped: { label: "Skipped", icon: "⤼", className: "bg-amber-100 text-amber-900" },
};

export function RunStatusBadge({ status }: { status: RunStatus }) {
  const style = STYLES[status];
  return (
    <span className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ${style.className}`}>
      <span aria-hidden>{style.icon}</span>
      {style.label}
    </span>
  );
}

"use client";

import { CartesianGrid, Cell, Legend, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from "recharts";
import { useDisplayZone, zoneToShow } from "@/components/time/display-zone";
import { ZonedTime } from "@/components/time/zoned-time";
import type { RunStatus, RunTrigger } from "@/lib/runs/run-status";
import { formatLocal } from "@/lib/schedule/zoned-time";

const COLORS: Record<RunStatus, string> = {
  success: "#059669",
  failed: "#dc2626",
  skipped: "#d97706",
  running: "#2f5bd3",
};
const SYMBOLS: Record<RunStatus, string> = { success: "✓", failed: "✕", skipped: "⤼", running: "↻" };

export interface ChartRun {
  id: string;
  status: RunStatus;
  trigger: RunTrigger;
  created_at: Date | string;
  started_at: Date | string | null;
  scheduled_for: Date | string | null;
  duration_ms: number | null;
  item_count: number | null;
}

interface Point {
  id: string;
  at: number;
  seconds: number;
  status: RunStatus;
  test: boolean;
  slot: number | null;
  items: number | null;
}

const HOUR = 3_600_000;
const duration = (seconds: number) => (seconds < 1 ? `${Math.round(seconds * 1000)} ms` : `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`);

function lateness(point: Point): string {
  if (point.slot === null) return "";
  const minutes = Math.round((point.at - point.slot) / 60_000);
  return minutes <= 0 ? "on time" : `${minutes} min after its slot`;
}

function TooltipBody({ active, payload }: { active?: boolean; payload?: { payload: Point }[] }) {
  const point = active ? payload?.[0]?.payload : undefined;
  if (!point) return null;
  return (
    <div className="rounded border border-slate-200 bg-white px-2 py-1 text-xs shadow">
      <p className="font-medium">
        {SYMBOLS[point.status]} {point.status}
        {point.test ? " · test run" : " · scheduled"}
      </p>
      {point.slot !== null && (
        <p>
          Slot <ZonedTime value={new Date(point.slot)} />
        </p>
      )}
      <p>
        Started <ZonedTime value={new Date(point.at)} />
        {point.slot !== null ? ` (${lateness(point)})` : ""}
      </p>
      <p>Took {duration(point.seconds)}</p>
      {point.items !== null && <p>{point.items} items</p>}
    </div>
  );
}

/**
 * A timeline of recent runs: when each started (x, in the zone the page shows times in: the viewer's, UTC or
 * the schedule's) and how long it took (y), coloured by status, scheduled
 * runs as circles and test runs as diamonds, with the slot and the delay in the tooltip. The legend counts
 * carry the same information as the colours, and a text summary names the chart for screen readers.
 */
export function RunHistoryChart({ runs, scheduleZone }: { runs: ChartRun[]; scheduleZone?: string }) {
  const zone = zoneToShow(useDisplayZone(), scheduleZone);
  const tick = (ms: number) => formatLocal(zone, ms).slice(5);
  const points: Point[] = runs
    .map((run) => ({
      id: run.id,
      at: new Date(run.started_at ?? run.created_at).getTime(),
      seconds: (run.duration_ms ?? 0) / 1000,
      status: run.status,
      test: run.trigger === "test",
      slot: run.scheduled_for ? new Date(run.scheduled_for).getTime() : null,
      items: run.item_count,
    }))
    .sort((a, b) => a.at - b.at);
  const scheduled = points.filter((p) => !p.test);
  const tests = points.filter((p) => p.test);
  const count = (list: Point[]) => list.reduce<Partial<Record<RunStatus, number>>>((acc, p) => ({ ...acc, [p.status]: (acc[p.status] ?? 0) + 1 }), {});
  const all = count(points);
  const summary = `Last ${points.length} runs: ${Object.entries(all).map(([status, n]) => `${n} ${status}`).join(", ") || "none yet"}`;
  // A lone run (or runs close together) still gets a readable axis: at least an hour either side.
  const first = points[0]?.at ?? 0;
  const last = points.at(-1)?.at ?? 0;
  const pad = Math.max(HOUR, (last - first) * 0.05);
  const domain: [number, number] = [first - pad, last + pad];

  return (
    <figure className="space-y-2">
      <div role="img" aria-label={summary} className="h-48 w-full">
        <ResponsiveContainer width="100%" height="100%">
          <ScatterChart margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis dataKey="at" type="number" domain={domain} scale="time" tickFormatter={tick} tick={{ fontSize: 11 }} name={`Started (${zone})`} />
            <YAxis dataKey="seconds" type="number" tick={{ fontSize: 11 }} width={64} name="Duration" tickFormatter={duration} allowDecimals />
            <Tooltip content={<TooltipBody />} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Scatter name="Scheduled runs" data={scheduled} shape="circle" fill="#475569" isAnimationActive={false}>
              {scheduled.map((p) => (
                <Cell key={p.id} fill={COLORS[p.status]} />
              ))}
            </Scatter>
            <Scatter name="Test runs" data={tests} shape="diamond" fill="#94a3b8" isAnimationActive={false}>
              {tests.map((p) => (
                <Cell key={p.id} fill={COLORS[p.status]} />
              ))}
            </Scatter>
          </ScatterChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
        {points.length === 0 ? (
          <span>No runs yet.</span>
        ) : (
          [
            ["Scheduled", count(scheduled)],
            ["Test runs", count(tests)],
          ].map(([label, counts]) => (
            <span key={label as string} className="inline-flex items-center gap-2">
              <span className="font-medium">{label as string}:</span>
              {Object.keys(counts as object).length === 0
                ? "none"
                : (Object.entries(counts as object) as [RunStatus, number][]).map(([status, n]) => (
                    <span key={status} className="inline-flex items-center gap-1">
                      <span aria-hidden style={{ color: COLORS[status] }}>{SYMBOLS[status]}</span>
                      {n} {status}
                    </span>
                  ))}
            </span>
          ))
        )}
      </figcaption>
    </figure>
  );
}

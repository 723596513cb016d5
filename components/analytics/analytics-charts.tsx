"use client";

import type { ReactElement, ReactNode } from "react";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { milliseconds, percent } from "@/lib/autopilot/analytics-format";
import { SKIP_REASONS, SKIP_REASON_LABELS as reasonLabels, type SkipReason } from "@/lib/autopilot/skip-reasons";
import type { AnalyticsFigures } from "@/lib/autopilot/schedule-analytics";

type Day = AnalyticsFigures & { day: string };

const REASON_COLORS: Record<SkipReason, string> = { period_taken: "#d97706", upstream: "#0f766e", missed: "#7c3aed", empty: "#64748b", no_new_content: "#0891b2", other: "#be185d" };

/** One metric's chart: a named figure whose text summary says what the chart shows. */
function ChartFigure({ title, summary, children }: { title: string; summary: string; children: ReactNode }) {
  return (
    <figure className="space-y-1 rounded-md border border-slate-200 p-3" data-testid="analytics-chart">
      <figcaption className="text-sm font-semibold text-slate-800">{title}</figcaption>
      <div role="img" aria-label={`${title}: ${summary}`} className="h-44 w-full">
        <ResponsiveContainer width="100%" height="100%">
          {children as ReactElement}
        </ResponsiveContainer>
      </div>
      <p className="text-xs text-slate-600">{summary}</p>
    </figure>
  );
}

const axis = { tick: { fontSize: 11 } };
const dayTick = (day: string) => day.slice(5);

type ChartRow = Record<string, unknown>;

/** A share per day, as a bar from 0 to 100%. */
function RateChart({ title, summary, data, dataKey, color }: { title: string; summary: string; data: ChartRow[]; dataKey: string; color: string }) {
  return (
    <ChartFigure title={title} summary={summary}>
      <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis dataKey="day" tickFormatter={dayTick} {...axis} />
        <YAxis domain={[0, 100]} unit="%" width={44} {...axis} />
        <Tooltip formatter={(value) => `${value}%`} />
        <Bar dataKey={dataKey} name={title} fill={color} isAnimationActive={false} />
      </BarChart>
    </ChartFigure>
  );
}

/** A time per day, as its median and 95th percentile lines (seconds). */
function PercentileChart({ title, summary, data, keys, colors }: { title: string; summary: string; data: ChartRow[]; keys: [string, string]; colors: [string, string] }) {
  return (
    <ChartFigure title={title} summary={summary}>
      <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis dataKey="day" tickFormatter={dayTick} {...axis} />
        <YAxis unit=" s" width={52} {...axis} />
        <Tooltip formatter={(value) => `${value} s`} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Line dataKey={keys[0]} name="Median" stroke={colors[0]} dot={false} connectNulls isAnimationActive={false} />
        <Line dataKey={keys[1]} name="95th percentile" stroke={colors[1]} strokeDasharray="4 2" dot={false} connectNulls isAnimationActive={false} />
      </LineChart>
    </ChartFigure>
  );
}

/** A chart per metric, per UTC day of the window. */
export function AnalyticsCharts({ daily, overall }: { daily: Day[]; overall: AnalyticsFigures }) {
  const data = daily.map((d) => ({
    ...d,
    success_pct: d.success_rate === null ? null : Math.round(d.success_rate * 1000) / 10,
    delivery_pct: d.delivery_rate === null ? null : Math.round(d.delivery_rate * 1000) / 10,
    median_s: d.median_duration_ms === null ? null : d.median_duration_ms / 1000,
    p95_s: d.p95_duration_ms === null ? null : d.p95_duration_ms / 1000,
    late_median_s: d.median_lateness_ms === null ? null : d.median_lateness_ms / 1000,
    late_p95_s: d.p95_lateness_ms === null ? null : d.p95_lateness_ms / 1000,
    ...Object.fromEntries(SKIP_REASONS.map((reason) => [`skip_${reason}`, d.skipped_by[reason]])),
  }));
  const reasons = SKIP_REASONS.filter((reason) => overall.skipped_by[reason] > 0);
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <RateChart
        title="Success rate"
        summary={overall.success_rate === null ? "No scheduled run ran in these days." : `${percent(overall.success_rate)} of ${overall.success + overall.failed} runs that ran succeeded (${overall.failed} failed).`}
        data={data}
        dataKey="success_pct"
        color="#059669"
      />
      <RateChart
        title="Delivery rate"
        summary={overall.delivery_rate === null ? "No delivery was settled in these days." : `${percent(overall.delivery_rate)} of ${overall.deliveries_sent + overall.deliveries_failed} settled deliveries reached their destination (${overall.deliveries_failed} failed).`}
        data={data}
        dataKey="delivery_pct"
        color="#2f5bd3"
      />
      <PercentileChart
        title="Duration of successful runs"
        summary={overall.median_duration_ms === null ? "No run succeeded in these days." : `Median ${milliseconds(overall.median_duration_ms)}, 95th percentile ${milliseconds(overall.p95_duration_ms)}.`}
        data={data}
        keys={["median_s", "p95_s"]}
        colors={["#059669", "#d97706"]}
      />
      <PercentileChart
        title="Lateness (start − slot)"
        summary={overall.median_lateness_ms === null ? "No scheduled run started in these days." : `Median ${milliseconds(overall.median_lateness_ms)}, 95th percentile ${milliseconds(overall.p95_lateness_ms)} after the slot.`}
        data={data}
        keys={["late_median_s", "late_p95_s"]}
        colors={["#2f5bd3", "#dc2626"]}
      />
      <ChartFigure
        title="Skipped, by reason"
        summary={overall.skipped === 0 ? "No run was skipped." : `${overall.skipped} skipped: ${reasons.map((reason) => `${overall.skipped_by[reason]} ${reasonLabels[reason].toLowerCase()}`).join(", ")}.`}
      >
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis dataKey="day" tickFormatter={dayTick} {...axis} />
          <YAxis allowDecimals={false} width={32} {...axis} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {(reasons.length ? reasons : (["period_taken"] as SkipReason[])).map((reason) => (
            <Bar key={reason} dataKey={`skip_${reason}`} name={reasonLabels[reason]} stackId="skips" fill={REASON_COLORS[reason]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ChartFigure>
    </div>
  );
}

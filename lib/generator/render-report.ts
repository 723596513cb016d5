import type { ContentItem } from "@/lib/db/content-items";
import type { Cadence } from "@/lib/db/runs";
import { formatLocal } from "@/lib/schedule/zoned-time";
import { escapeHtml, safeHttpUrl } from "./html";
import type { ReportSection } from "./select-items";
import { itemKeyOf } from "./new-content";
import type { ReportChanges } from "./report-changes";
import type { EditorSummary, SummarySentence } from "@/lib/summary/write-summary";

export interface ReportContext {
  specificationName: string;
  cadence: Cadence;
  periodStart: Date;
  periodEnd: Date;
  timeZone: string;
  generatedAt: Date;
  /** "alice@example.com", "schedule “Monday briefing”", "test run of schedule “…”". */
  generatedBy: string;
  regions: string[];
  notes: string[];
  /** Against the schedule's previous report (null: none, or no schedule). */
  changes?: ReportChanges | null;
  /** The editor's summary, when the schedule asked for one and the model wrote it. */
  summary?: EditorSummary | null;
}

/** A summary's sentences, each followed by links to the items it cites; the model's text is escaped like any other. */
function renderSentences(sentences: SummarySentence[]): string {
  return sentences
    .map((sentence) => {
      const cites = sentence.items
        .map((item, index) => {
          const href = safeHttpUrl(item.url);
          return href ? `<a href="${escapeHtml(href)}" title="${escapeHtml(item.title)}" rel="noopener noreferrer" target="_blank" style="color:#2449ad;font-size:11px;text-decoration:none">[${index + 1}]</a>` : "";
        })
        .join("");
      return `${escapeHtml(sentence.text)}${cites ? ` ${cites}` : ""}`;
    })
    .join(" ");
}

const FONT = "font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const MUTED = "color:#5b6472";

function when(date: Date, timeZone: string): string {
  return `${formatLocal(timeZone, date.getTime())} (${timeZone})`;
}

/** A shown item's text is cut at these lengths, so a report's size is bounded by its number of items. */
const TITLE_CHARS = 300;
const SUMMARY_CHARS = 600;

function clip(text: string, chars: number): string {
  return text.length > chars ? `${text.slice(0, chars - 1)}…` : text;
}

const NEW_BADGE = `<span style="display:inline-block;margin-right:6px;padding:0 6px;border-radius:4px;background:#dcfce7;color:#166534;font-size:11px;font-weight:700;vertical-align:1px">NEW</span>`;

function renderItem(item: ContentItem, timeZone: string, isNew = false): string {
  const href = safeHttpUrl(item.url);
  const title = (isNew ? NEW_BADGE : "") + escapeHtml(clip(item.title, TITLE_CHARS));
  const heading = href
    ? `<a href="${escapeHtml(href)}" rel="noopener noreferrer" target="_blank" style="color:#2449ad;text-decoration:none;font-weight:600">${title}</a>`
    : `<span style="font-weight:600">${title}</span>`;
  const meta = [item.source, formatLocal(timeZone, item.published_at.getTime()).slice(0, 10)].filter(Boolean).map(escapeHtml).join(" · ");
  const summary = item.summary ? `<div style="margin-top:4px;font-size:14px;line-height:1.45">${escapeHtml(clip(item.summary, SUMMARY_CHARS))}</div>` : "";
  return `<li style="margin:0 0 14px 0">${heading}<div style="${MUTED};font-size:12px;margin-top:2px">${meta}</div>${summary}</li>`;
}

/**
 * One self-contained HTML file: inline styles only, no scripts, readable in a browser and in a mail client. The
 * counts are the period's; a region that holds more items than the report shows says how many more.
 */
export function renderReport(sections: ReportSection[], context: ReportContext): string {
  const { timeZone } = context;
  const total = sections.reduce((sum, section) => sum + section.count, 0);
  const out: string[] = [];
  out.push(
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">`,
    `<title>${escapeHtml(context.specificationName)} — ${escapeHtml(formatLocal(timeZone, context.periodEnd.getTime()).slice(0, 10))}</title></head>`,
    `<body style="margin:0;padding:24px;background:#f5f7fb;${FONT};color:#1b2430">`,
    `<div style="max-width:760px;margin:0 auto;background:#ffffff;border:1px solid #e2e8f0;border-radius:8px;padding:28px">`,
    `<h1 style="margin:0 0 6px 0;font-size:24px">${escapeHtml(context.specificationName)}</h1>`,
    `<p style="margin:0;${MUTED};font-size:14px">${escapeHtml(context.cadence[0].toUpperCase() + context.cadence.slice(1))} report · ${escapeHtml(when(context.periodStart, timeZone))} – ${escapeHtml(when(context.periodEnd, timeZone))}</p>`,
    `<p style="margin:4px 0 0 0;${MUTED};font-size:13px">Generated ${escapeHtml(when(context.generatedAt, timeZone))} by ${escapeHtml(context.generatedBy)}</p>`,
    `<p style="margin:4px 0 0 0;${MUTED};font-size:13px">Categories: ${sections.map((s) => escapeHtml(s.category.name)).join(", ")} · Regions: ${context.regions.map(escapeHtml).join(", ")}</p>`,
  );

  if (context.notes.length) {
    out.push(`<div style="margin-top:16px;padding:10px 12px;border:1px solid #f3c98b;background:#fff8eb;border-radius:6px;font-size:13px"><strong>Notes</strong><ul style="margin:6px 0 0 18px;padding:0">`);
    for (const note of context.notes) out.push(`<li>${escapeHtml(note)}</li>`);
    out.push(`</ul></div>`);
  }

  const { changes } = context;
  const isNew = (item: ContentItem) => changes?.newKeys.has(itemKeyOf(item.url)) ?? false;
  if (changes) {
    const dropped = changes.droppedCount;
    out.push(
      `<div style="margin-top:16px;padding:10px 12px;border:1px solid #bbf7d0;background:#f0fdf4;border-radius:6px;font-size:13px"><strong>What changed since the last report</strong> (${escapeHtml(when(changes.since, timeZone))}): ${changes.newKeys.size} new item${changes.newKeys.size === 1 ? "" : "s"}, marked NEW below; ${dropped} no longer in it.`,
    );
    if (changes.dropped.length) {
      out.push(`<ul style="margin:6px 0 0 18px;padding:0">`);
      for (const item of changes.dropped) {
        const href = safeHttpUrl(item.url);
        const title = escapeHtml(clip(item.title, TITLE_CHARS));
        out.push(`<li>${href ? `<a href="${escapeHtml(href)}" rel="noopener noreferrer" target="_blank" style="color:#2449ad">${title}</a>` : title}</li>`);
      }
      out.push(`</ul>`);
      if (dropped > changes.dropped.length) out.push(`<p style="margin:4px 0 0 0">and ${dropped - changes.dropped.length} more.</p>`);
    }
    out.push(`</div>`);
  }

  const { summary } = context;
  if (summary && summary.intro.length) {
    out.push(
      `<div style="margin-top:16px;padding:10px 12px;border-left:3px solid #2449ad;background:#f5f7ff;font-size:14px;line-height:1.5"><strong style="font-size:12px;${MUTED};text-transform:uppercase;letter-spacing:.04em">Editor's summary</strong><p style="margin:4px 0 0 0">${renderSentences(summary.intro)}</p><p style="margin:6px 0 0 0;font-size:11px;${MUTED}">Written by a language model (${escapeHtml(summary.version)}) from the items below only; each sentence links the items it is based on.</p></div>`,
    );
  }

  // Summary: counts per category and region.
  const shown = sections.reduce((sum, section) => sum + [...section.regions.values()].reduce((n, items) => n + items.length, 0), 0);
  const shownNote = shown < total ? ` (the newest ${shown} shown)` : "";
  out.push(`<h2 style="font-size:16px;margin:24px 0 8px 0">Summary: ${total} item${total === 1 ? "" : "s"}${shownNote}</h2>`);
  out.push(`<table role="presentation" style="border-collapse:collapse;width:100%;font-size:13px"><tr><th style="text-align:left;padding:6px;border-bottom:1px solid #e2e8f0">Category</th>`);
  for (const region of context.regions) out.push(`<th style="text-align:right;padding:6px;border-bottom:1px solid #e2e8f0">${escapeHtml(region)}</th>`);
  out.push(`<th style="text-align:right;padding:6px;border-bottom:1px solid #e2e8f0">Total</th></tr>`);
  for (const section of sections) {
    out.push(`<tr><td style="padding:6px;border-bottom:1px solid #f1f5f9">${escapeHtml(section.category.name)}</td>`);
    for (const region of context.regions) {
      out.push(`<td style="text-align:right;padding:6px;border-bottom:1px solid #f1f5f9">${section.totals.get(region) ?? 0}</td>`);
    }
    out.push(`<td style="text-align:right;padding:6px;border-bottom:1px solid #f1f5f9;font-weight:600">${section.count}</td></tr>`);
  }
  out.push(`</table>`);

  for (const section of sections) {
    const fresh = changes ? new Set([...section.regions.values()].flat().filter(isNew).map((item) => item.url)).size : 0;
    const freshNote = changes ? ` <span style="font-size:13px;font-weight:400;${MUTED}">· ${fresh} new</span>` : "";
    out.push(`<h2 style="font-size:20px;margin:32px 0 4px 0;padding-top:16px;border-top:2px solid #e2e8f0">${escapeHtml(section.category.name)}${freshNote}</h2>`);
    const sectionSummary = summary?.sections.get(section.category.name);
    if (sectionSummary) out.push(`<p style="margin:4px 0 8px 0;font-size:14px;line-height:1.5;color:#334155">${renderSentences(sectionSummary)}</p>`);
    for (const region of context.regions) {
      const items = section.regions.get(region) ?? [];
      out.push(`<h3 style="font-size:15px;margin:16px 0 8px 0;${MUTED}">${escapeHtml(region)}</h3>`);
      if (items.length === 0) {
        out.push(`<p style="margin:0 0 8px 0;font-size:14px;${MUTED}">No new items</p>`);
        continue;
      }
      out.push(`<ul style="list-style:none;margin:0;padding:0">`);
      for (const item of items) out.push(renderItem(item, timeZone, isNew(item)));
      out.push(`</ul>`);
      const more = (section.totals.get(region) ?? items.length) - items.length;
      if (more > 0) out.push(`<p style="margin:0 0 8px 0;font-size:13px;${MUTED}">and ${more} more item${more === 1 ? "" : "s"} in this period, not shown (this report shows the newest ${items.length})</p>`);
    }
  }

  out.push(`<p style="margin-top:32px;font-size:12px;${MUTED}">Made by Autopilot.</p></div></body></html>`);
  return out.join("");
}

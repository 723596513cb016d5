import "server-only";
import { summarySettings } from "@/lib/config";
import type { Database, Queryable } from "@/lib/db/database";
import { adjustCount, storedCount, takeQuota } from "@/lib/db/rate-limits";
import { withSystem } from "@/lib/db/transactions";
import type { ReportSection } from "@/lib/generator/select-items";
import { chatCompletion, ModelError } from "./chat-completions";
import { PROMPT_VERSION, SYSTEM_PROMPT } from "./prompts/report-summary-v1";

/** Items per section the model reads (the newest), their summaries cut at this length, and its answer's length. */
const ITEMS_PER_SECTION = 10;
const SUMMARY_CHARS = 300;
const MAX_ANSWER_TOKENS = 700;
const SENTENCE_CHARS = 600;

export interface SummarySentence {
  text: string;
  /** The items the sentence is based on. */
  items: { title: string; url: string }[];
}

export interface EditorSummary {
  version: string;
  intro: SummarySentence[];
  /** Category name → its sentences. */
  sections: Map<string, SummarySentence[]>;
}

export interface SummaryOutcome {
  summary: EditorSummary | null;
  tokens: number;
  ms: number;
  /** Why the report ships without it. */
  note: string | null;
}

class BudgetUsedUp extends Error {}

/** The key of a workspace's token count for the calendar month (UTC) of `at`. */
const budgetKey = (workspaceId: string, at: Date) => `summary-tokens:${workspaceId}:${at.toISOString().slice(0, 7)}`;
const MONTH_SECONDS = 40 * 86_400; // longer than any month: a month's key is never reset, the next month has its own

/** Tokens a workspace's summaries used this month (UTC), and its budget. */
export async function summaryUsage(tx: Queryable, { workspaceId, now = new Date() }: { workspaceId: string; now?: Date }): Promise<{ month: string; tokens: number; budget: number } | null> {
  const settings = summarySettings();
  if (!settings) return null;
  return { month: now.toISOString().slice(0, 7), tokens: await storedCount(tx, budgetKey(workspaceId, now)), budget: settings.tokensPerMonth };
}

type Numbered = { n: number; title: string; url: string; summary: string };

function numberItems(sections: ReportSection[]): { category: string; items: Numbered[] }[] {
  let n = 0;
  return sections.map((section) => {
    const seen = new Set<string>();
    const newest = [...section.regions.values()].flat().sort((a, b) => b.published_at.getTime() - a.published_at.getTime());
    const items = newest.filter((item) => !seen.has(item.url) && seen.add(item.url)).slice(0, ITEMS_PER_SECTION);
    return { category: section.category.name, items: items.map((item) => ({ n: ++n, title: item.title, url: item.url, summary: item.summary.slice(0, SUMMARY_CHARS) })) };
  });
}

/** Numbers written in a text ("1,200", "3.5", "2027"): each must appear in what the sentence cites. */
const numbersIn = (text: string) => text.match(/\d+(?:[.,]\d+)*/g) ?? [];

/**
 * Keeps the sentences that cite items it was given and state no number those items do not hold; the text is
 * kept as plain text (it is escaped wherever it is shown).
 */
function checkedSentences(raw: unknown, byNumber: Map<number, Numbered>): SummarySentence[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((entry) => {
    const text = typeof entry?.text === "string" ? entry.text.replace(/\s+/g, " ").trim().slice(0, SENTENCE_CHARS) : "";
    const cited = (Array.isArray(entry?.items) ? entry.items : []).map((n: unknown) => byNumber.get(Number(n))).filter((item: Numbered | undefined): item is Numbered => Boolean(item));
    if (!text || cited.length === 0) return [];
    const source = cited.map((item: Numbered) => `${item.title} ${item.summary}`).join(" ");
    if (numbersIn(text).some((number) => !source.includes(number))) return [];
    return [{ text, items: cited.map((item: Numbered) => ({ title: item.title, url: item.url })) }];
  });
}

/**
 * An editor's summary of a report, by the configured model, from the items' titles and summaries only: an
 * intro and a few sentences per section, each citing its items. Null when no model is configured or the
 * report is empty. The workspace's monthly token budget is reserved before the call (a call that would pass
 * it is not made) and corrected to what the call used. A failure is an outcome with the reason: the report
 * ships without the summary.
 */
export async function writeEditorSummary(
  db: Database,
  { workspaceId, sections, deadline, now = new Date() }: { workspaceId: string; sections: ReportSection[]; deadline: number; now?: Date },
): Promise<SummaryOutcome | null> {
  const settings = summarySettings();
  if (!settings) return null;
  const numbered = numberItems(sections).filter((section) => section.items.length > 0);
  if (numbered.length === 0) return null;
  const started = Date.now();
  const user = JSON.stringify({ sections: numbered.map(({ category, items }) => ({ category, items: items.map(({ n, title, summary }) => ({ n, title, summary })) })) });
  const estimate = Math.ceil((SYSTEM_PROMPT.length + user.length) / 4) + MAX_ANSWER_TOKENS;
  const key = budgetKey(workspaceId, now);
  const unavailable = (reason: string, tokens = 0): SummaryOutcome => ({ summary: null, tokens, ms: Date.now() - started, note: `Editor's summary unavailable: ${reason}` });
  try {
    await withSystem(db, async (tx) => {
      const quota = await takeQuota(tx, { key, windowSeconds: MONTH_SECONDS, now, wanted: estimate, limit: settings.tokensPerMonth });
      if (quota.granted < estimate) throw new BudgetUsedUp(); // rolls the reservation back
    });
  } catch (error) {
    if (error instanceof BudgetUsedUp) return unavailable(`this workspace's monthly budget of ${settings.tokensPerMonth} tokens is used up`);
    throw error;
  }
  let used = 0;
  try {
    const answer = await chatCompletion(settings, {
      messages: [
        { role: "system", content: SYSTEM_PROMPT },
        { role: "user", content: user },
      ],
      maxTokens: MAX_ANSWER_TOKENS,
      deadline,
    });
    used = answer.tokens;
    let parsed: { intro?: unknown; sections?: unknown };
    try {
      parsed = JSON.parse(answer.content.replace(/^\s*```(?:json)?|```\s*$/g, "")) as typeof parsed;
    } catch {
      return unavailable("the model's answer was not the JSON asked for", used);
    }
    const byNumber = new Map(numbered.flatMap((section) => section.items.map((item) => [item.n, item] as const)));
    const known = new Set(numbered.map((section) => section.category));
    const summary: EditorSummary = { version: PROMPT_VERSION, intro: checkedSentences(parsed?.intro, byNumber), sections: new Map() };
    for (const entry of Array.isArray(parsed?.sections) ? parsed.sections : []) {
      if (typeof entry?.category !== "string" || !known.has(entry.category)) continue;
      const sentences = checkedSentences(entry.sentences, byNumber);
      if (sentences.length) summary.sections.set(entry.category, sentences);
    }
    if (summary.intro.length === 0 && summary.sections.size === 0) return unavailable("the model's answer cited nothing the report holds", used);
    return { summary, tokens: used, ms: Date.now() - started, note: null };
  } catch (error) {
    if (error instanceof ModelError) return unavailable(error.message, used);
    throw error;
  } finally {
    await withSystem(db, (tx) => adjustCount(tx, { key, by: used - estimate }));
  }
}

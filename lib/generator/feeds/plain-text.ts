import "server-only";
import { convert } from "html-to-text";

/** Markup longer than this is cut before conversion: a summary needs the start of a text, never megabytes. */
const MAX_MARKUP = 20_000;

/**
 * Feed HTML reduced to plain text with a real HTML parser (html-to-text over htmlparser2, linear in the
 * input), never regular expressions: hostile markup (unclosed tags, thousands of <script>) cannot stall the
 * server. Scripts, styles and images say nothing in a summary and are dropped; links keep their text.
 */
export function plainText(html: string | null | undefined, max: number): string {
  if (!html) return "";
  return convert(html.slice(0, MAX_MARKUP), {
    wordwrap: false,
    selectors: [
      { selector: "a", options: { ignoreHref: true } },
      { selector: "img", format: "skip" },
      { selector: "script", format: "skip" },
      { selector: "style", format: "skip" },
      { selector: "h1", options: { uppercase: false } },
      { selector: "h2", options: { uppercase: false } },
      { selector: "h3", options: { uppercase: false } },
      { selector: "table", format: "dataTable" },
    ],
  })
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, max);
}

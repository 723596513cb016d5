/** `%text%` for ILIKE with the text's own %, _ and \ taken literally (a search for "50%" finds "50%", not "50…"). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, "\\$&")}%`;
}

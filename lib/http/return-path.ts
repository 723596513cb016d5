/** The header through which proxy.ts tells a page the path (and query) it was asked for. */
export const REQUEST_PATH_HEADER = "x-autopilot-path";

/**
 * Where to go after signing in, from a `next` query value: a path of this app only (never another site, so
 * the sign-in page cannot be used to send people elsewhere), or null.
 */
export function returnPath(next: string | string[] | undefined): string | null {
  if (typeof next !== "string" || next.length > 500) return null;
  if (!next.startsWith("/") || next.startsWith("//") || next.includes("\\")) return null;
  return /^[\x21-\x7e]+$/.test(next) ? next : null;
}

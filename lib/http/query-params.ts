/** The URL's query string as a plain object, for a zod schema to parse. */
export function queryParams(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams);
}

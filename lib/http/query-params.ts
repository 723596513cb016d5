import { assertStorableText } from "./storable-text";

/** The URL's query string as a plain object, for a zod schema to parse (a NUL character anywhere is a 400). */
export function queryParams(request: Request): Record<string, string> {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  assertStorableText(params);
  return params;
}

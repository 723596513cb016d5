import { AppError } from "@/lib/errors/app-error";

/** No request of the product nests deeper; deeper bodies are refused before anything walks them. */
export const MAX_NESTING = 32;

/**
 * Postgres stores no NUL character in text or jsonb: a string holding one would fail deep in a query as a
 * 500. Every string a request brings (body, query, path; object keys too) is checked first and refused with
 * a 400 that names where it is ("categories.0.name").
 */
export function assertStorableText(value: unknown, path = "", depth = 0): void {
  const fail = (at: string) => {
    const field = at || "body";
    throw new AppError("validation_failed", `${field} contains a NUL character (\\u0000), which cannot be stored`, {
      [field]: `${field} contains a NUL character (\\u0000), which cannot be stored`,
    });
  };
  if (typeof value === "string") {
    if (value.includes("\u0000")) fail(path);
    return;
  }
  if (value && typeof value === "object" && depth >= MAX_NESTING) {
    throw new AppError("validation_failed", `${path || "body"} is nested more than ${MAX_NESTING} levels deep`, { [path || "body"]: `nested more than ${MAX_NESTING} levels deep` });
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => assertStorableText(item, path ? `${path}.${index}` : String(index), depth + 1));
    return;
  }
  if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      if (key.includes("\u0000")) fail(at.replace(/\u0000/g, "\\u0000"));
      assertStorableText(item, at, depth + 1);
    }
  }
}

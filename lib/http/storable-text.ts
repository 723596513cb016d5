import { AppError } from "@/lib/errors/app-error";

/**
 * Postgres stores no NUL character in text or jsonb: a string holding one would fail deep in a query as a
 * 500. Every string a request brings (body, query, path; object keys too) is checked first and refused with
 * a 400 that names where it is ("categories.0.name").
 */
export function assertStorableText(value: unknown, path = ""): void {
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
  if (Array.isArray(value)) {
    value.forEach((item, index) => assertStorableText(item, path ? `${path}.${index}` : String(index)));
    return;
  }
  if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      if (key.includes("\u0000")) fail(at.replace(/\u0000/g, "\\u0000"));
      assertStorableText(item, at);
    }
  }
}

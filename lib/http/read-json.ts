import { AppError } from "@/lib/errors/app-error";
import { assertStorableText } from "./storable-text";

const MAX_BODY_BYTES = 1_000_000;

/** The request's JSON body; malformed or oversized bodies are the caller's 4xx, never our 500. */
export async function readJson(request: Request, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  // Only JSON is JSON: a browser form can send text/plain across sites without asking, application/json it
  // cannot (CORS preflights it), so this also keeps other sites from posting to our JSON routes.
  const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/json" && !/^application\/[\w.+-]+\+json$/.test(type)) {
    throw new AppError("unsupported_media_type", `Request body must be sent as application/json${type ? `, not ${type}` : ""}`);
  }
  const text = await readLimited(request, maxBytes);
  if (!text.trim()) throw new AppError("invalid_json", "Request body must be JSON; it was empty");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError("invalid_json", "Request body is not valid JSON");
  }
  assertStorableText(body);
  return body;
}

/**
 * The body as text, refusing it as soon as it is known to be too large: by its declared Content-Length before
 * reading anything, else while streaming (a body without a length is never buffered past the limit).
 */
async function readLimited(request: Request, maxBytes: number): Promise<string> {
  const tooLarge = () => new AppError("payload_too_large", `Request body is larger than ${maxBytes} bytes`);
  const declared = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

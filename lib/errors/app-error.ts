/**
 * The domain's errors: what went wrong, in the domain's words (a code, a message for people, the fields at
 * fault). Thrown by services, auth, the generator; how a code reads over HTTP is decided in one place,
 * `lib/http/error-status.ts`.
 */
export const ERROR_CODES = [
  "validation_failed",
  "invalid_json",
  "unauthorized",
  "forbidden",
  "not_found",
  "conflict",
  "email_taken",
  "too_many_attempts",
  "payload_too_large",
  "unsupported_media_type",
  "service_unavailable",
  "internal_error",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
    /** Headers the answer should carry (e.g. Retry-After for too_many_attempts). */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "AppError";
  }

  toJSON() {
    return { error: { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) } };
  }
}

export const notFound = (what: string) => new AppError("not_found", `${what} not found`);

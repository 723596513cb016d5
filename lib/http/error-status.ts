import type { AppError, ErrorCode } from "@/lib/errors/app-error";

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  validation_failed: 400,
  invalid_json: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  email_taken: 409,
  too_many_attempts: 429,
  payload_too_large: 413,
  unsupported_media_type: 415,
  service_unavailable: 503,
  internal_error: 500,
};

/** The HTTP status a domain error is answered with. */
export function httpStatusOf(error: AppError): number {
  return STATUS_BY_CODE[error.code];
}

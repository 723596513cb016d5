import { AppError } from "@/lib/errors/app-error";

/** How long callers are told to wait when Supabase Auth is unreachable or failing. */
const RETRY_AFTER_SECONDS = 60;

/**
 * Supabase Auth that cannot be reached (no answer: status 0) or that fails (5xx, or an answer that is not its
 * JSON) is an outage of a service we depend on, not the caller's mistake: 503 with what to do, never a 400 on
 * the password field. Other errors (wrong password, taken email) are the caller's and return null here.
 */
export function authServiceUnavailable(error: { name?: string; status?: number } | null | undefined): AppError | null {
  if (!error) return null;
  const status = error.status ?? 0;
  const outage = error.name === "AuthRetryableFetchError" || error.name === "AuthUnknownError" || status === 0 || status >= 500;
  if (!outage) return null;
  return new AppError("service_unavailable", "Signing in is unavailable right now: the authentication service did not answer. Try again in a minute.", undefined, {
    "Retry-After": String(RETRY_AFTER_SECONDS),
  });
}

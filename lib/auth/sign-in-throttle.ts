import "server-only";
import { AppError } from "@/lib/errors/app-error";

const WINDOW_MS = 15 * 60 * 1000;
const FREE_ATTEMPTS = 5;

interface Failures {
  count: number;
  firstAt: number;
}

// Per process: enough for one machine; on Vercel, Supabase Auth applies its own rate limits as well.
const failuresByKey = new Map<string, Failures>();

function current(key: string, now: number): Failures | undefined {
  const entry = failuresByKey.get(key);
  if (entry && now - entry.firstAt > WINDOW_MS) {
    failuresByKey.delete(key);
    return undefined;
  }
  return entry;
}

/** Refuses a sign-in for an email that failed too often lately, before any password is checked. */
export function assertSignInAllowed(email: string, now = Date.now()): void {
  const entry = current(email, now);
  if (entry && entry.count >= FREE_ATTEMPTS) {
    const retryAfter = Math.ceil((entry.firstAt + WINDOW_MS - now) / 1000);
    throw new AppError(
      "too_many_attempts",
      `Too many failed sign-ins for this email; try again in ${Math.ceil(retryAfter / 60)} minutes`,
      undefined,
      { "Retry-After": String(retryAfter) },
    );
  }
}

/** Records a failure and waits a little longer each time, so guessing is slow even below the limit. */
export async function recordSignInFailure(email: string, now = Date.now()): Promise<void> {
  const entry = current(email, now) ?? { count: 0, firstAt: now };
  entry.count += 1;
  failuresByKey.set(email, entry);
  const delayMs = Math.min(250 * 2 ** (entry.count - 1), 2000);
  await new Promise((resolve) => setTimeout(resolve, delayMs));
}

export function clearSignInFailures(email: string): void {
  failuresByKey.delete(email);
}

import "server-only";
import { createHash } from "node:crypto";
import type { Database } from "@/lib/db/database";
import { clearCount, countEvent, currentCount } from "@/lib/db/rate-limits";
import { withSystem } from "@/lib/db/transactions";
import { config } from "@/lib/config";
import { AppError } from "@/lib/errors/app-error";

const WINDOW_SECONDS = 15 * 60;
/** Failed sign-ins per email, and per address (password spraying tries many emails from one place). */
const FAILURES_PER_EMAIL = 5;
const FAILURES_PER_ADDRESS = 30;
const SIGN_UP_WINDOW_SECONDS = 60 * 60;

/**
 * Where a request comes from: on Vercel its first `x-forwarded-for` hop (Vercel sets it); elsewhere those
 * headers can be forged, so every request counts as one shared "direct" address.
 */
export function clientAddress(request: Request): string {
  if (!config().VERCEL) return "direct";
  return request.headers.get("x-forwarded-for")?.split(",")[0].trim() || request.headers.get("x-real-ip") || "unknown";
}

/** Keys hold a hash, not the email or address itself. */
const key = (kind: string, value: string) => `${kind}:${createHash("sha256").update(value.toLowerCase()).digest("hex").slice(0, 32)}`;

function tooMany(message: string, resetAt: Date, now: Date): AppError {
  const retryAfter = Math.max(1, Math.ceil((resetAt.getTime() - now.getTime()) / 1000));
  return new AppError("too_many_attempts", `${message}; try again in ${Math.ceil(retryAfter / 60)} minutes`, undefined, { "Retry-After": String(retryAfter) });
}

/** Refuses a sign-in for an email, or from an address, that failed too often lately, before any password is checked. */
export async function assertSignInAllowed(db: Database, { email, address, now = new Date() }: { email: string; address: string; now?: Date }): Promise<void> {
  const [byEmail, byAddress] = await withSystem(db, (tx) =>
    Promise.all([
      currentCount(tx, { key: key("signin-email", email), windowSeconds: WINDOW_SECONDS, now }),
      currentCount(tx, { key: key("signin-address", address), windowSeconds: WINDOW_SECONDS, now }),
    ]),
  );
  if (byEmail.count >= FAILURES_PER_EMAIL) throw tooMany("Too many failed sign-ins for this email", byEmail.resetAt!, now);
  if (byAddress.count >= FAILURES_PER_ADDRESS) throw tooMany("Too many failed sign-ins from this address", byAddress.resetAt!, now);
}

/** Records a failure and waits a little longer each time, so guessing is slow even below the limit. */
export async function recordSignInFailure(
  db: Database,
  { email, address, now = new Date(), wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)) }: { email: string; address: string; now?: Date; wait?: (ms: number) => Promise<void> },
): Promise<void> {
  const { count } = await withSystem(db, async (tx) => {
    const byEmail = await countEvent(tx, { key: key("signin-email", email), windowSeconds: WINDOW_SECONDS, now });
    await countEvent(tx, { key: key("signin-address", address), windowSeconds: WINDOW_SECONDS, now });
    return byEmail;
  });
  await wait(Math.min(250 * 2 ** (count - 1), 2000));
}

export async function clearSignInFailures(db: Database, email: string): Promise<void> {
  await withSystem(db, (tx) => clearCount(tx, key("signin-email", email)));
}

/** Counts a sign-up from `address`, refusing it past AUTOPILOT_SIGN_UPS_PER_HOUR (each creates an account and a workspace). */
export async function assertSignUpAllowed(db: Database, { address, now = new Date() }: { address: string; now?: Date }): Promise<void> {
  const limit = config().AUTOPILOT_SIGN_UPS_PER_HOUR;
  const { count, resetAt } = await withSystem(db, (tx) => countEvent(tx, { key: key("signup-address", address), windowSeconds: SIGN_UP_WINDOW_SECONDS, now }));
  if (count > limit) throw tooMany("Too many sign-ups from this address", resetAt, now);
}

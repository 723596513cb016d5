import "server-only";
import { createHash } from "node:crypto";
import type { Database } from "@/lib/db/database";
import { clearCount, countEvent, currentCount, uncountEvent } from "@/lib/db/rate-limits";
import { withSystem } from "@/lib/db/transactions";
import { config } from "@/lib/config";
import { AppError } from "@/lib/errors/app-error";

const WINDOW_SECONDS = 15 * 60;
/**
 * Sign-in attempts not proven right, per 15 minutes: per email from one address (a guesser), per address
 * across emails (password spraying), and per email from every address (a guesser with many addresses). The
 * last does not apply from an address where the account signed in lately, so nobody else's failures lock a
 * person out of their own account.
 */
export const SIGN_IN_LIMITS = { emailAtAddress: 5, address: 30, email: 100 } as const;
const KNOWN_ADDRESS_SECONDS = 30 * 86_400;
const SIGN_UP_WINDOW_SECONDS = 60 * 60;

/**
 * Where a request comes from: the header AUTOPILOT_CLIENT_ADDRESS_HEADER names, set by a trusted proxy (the
 * last entry of a list, the one that proxy added); on Vercel the first `x-forwarded-for` hop, which Vercel
 * sets; otherwise `x-forwarded-for` as Next.js's server fills it with the socket's address. A client talking to
 * `next start` directly can forge that one, so it can spread its own attempts over made-up addresses but never
 * reach anyone else's: the per-email limit still holds.
 */
export function clientAddress(request: Request): string {
  const { AUTOPILOT_CLIENT_ADDRESS_HEADER: trusted, VERCEL } = config();
  if (trusted) return request.headers.get(trusted)?.split(",").at(-1)?.trim() || "unknown";
  const forwarded = request.headers.get("x-forwarded-for")?.split(",")[0].trim();
  if (VERCEL) return forwarded || request.headers.get("x-real-ip") || "unknown";
  return forwarded || "direct";
}

/** Keys hold a hash, not the email or address itself. */
const key = (kind: string, value: string) => `${kind}:${createHash("sha256").update(value.toLowerCase()).digest("hex").slice(0, 32)}`;
const keysFor = (email: string, address: string) => ({
  emailAtAddress: key("signin-pair", `${email}|${address}`),
  address: key("signin-address", address),
  email: key("signin-email", email),
  known: key("signin-known", `${email}|${address}`),
});

function tooMany(message: string, resetAt: Date, now: Date): AppError {
  const retryAfter = Math.max(1, Math.ceil((resetAt.getTime() - now.getTime()) / 1000));
  return new AppError("too_many_attempts", `${message}; try again in ${Math.ceil(retryAfter / 60)} minutes`, undefined, { "Retry-After": String(retryAfter) });
}

/**
 * Counts a sign-in attempt before its password is checked, in one transaction: past a limit it is refused
 * and the transaction rolls back, so the refusal counts nothing. Parallel attempts queue on the counters' rows,
 * so a burst gets exactly as many password checks as the limits leave. Returns the attempt's number for this
 * email from this address.
 */
export async function reserveSignInAttempt(db: Database, { email, address, now = new Date() }: { email: string; address: string; now?: Date }): Promise<number> {
  const keys = keysFor(email, address);
  return withSystem(db, async (tx) => {
    const known = (await currentCount(tx, { key: keys.known, windowSeconds: KNOWN_ADDRESS_SECONDS, now })).count > 0;
    const pair = await countEvent(tx, { key: keys.emailAtAddress, windowSeconds: WINDOW_SECONDS, now });
    if (pair.count > SIGN_IN_LIMITS.emailAtAddress) throw tooMany("Too many failed sign-ins for this email", pair.resetAt, now);
    const byAddress = await countEvent(tx, { key: keys.address, windowSeconds: WINDOW_SECONDS, now });
    if (byAddress.count > SIGN_IN_LIMITS.address) throw tooMany("Too many failed sign-ins from this address", byAddress.resetAt, now);
    if (!known) {
      const byEmail = await countEvent(tx, { key: keys.email, windowSeconds: WINDOW_SECONDS, now });
      if (byEmail.count > SIGN_IN_LIMITS.email) throw tooMany("Too many failed sign-ins for this email", byEmail.resetAt, now);
    }
    return pair.count;
  });
}

/** A failed attempt stays counted; the answer waits a little longer each time, so guessing is slow even below the limit. */
export async function delayAfterFailure(attempt: number, wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))): Promise<void> {
  await wait(Math.min(250 * 2 ** (attempt - 1), 2000));
}

/** A right password: its attempt no longer counts, the email's failures from this address are forgotten, and the address becomes known. */
export async function settleSignInSuccess(db: Database, { email, address, now = new Date() }: { email: string; address: string; now?: Date }): Promise<void> {
  const keys = keysFor(email, address);
  await withSystem(db, async (tx) => {
    await clearCount(tx, keys.emailAtAddress);
    await uncountEvent(tx, keys.address);
    await uncountEvent(tx, keys.email);
    await countEvent(tx, { key: keys.known, windowSeconds: KNOWN_ADDRESS_SECONDS, now });
  });
}

/** Counts a sign-up from `address`, refusing it past AUTOPILOT_SIGN_UPS_PER_HOUR (each creates an account and a workspace). */
export async function assertSignUpAllowed(db: Database, { address, now = new Date() }: { address: string; now?: Date }): Promise<void> {
  const limit = config().AUTOPILOT_SIGN_UPS_PER_HOUR;
  const { count, resetAt } = await withSystem(db, (tx) => countEvent(tx, { key: key("signup-address", address), windowSeconds: SIGN_UP_WINDOW_SECONDS, now }));
  if (count > limit) throw tooMany("Too many sign-ups from this address", resetAt, now);
}

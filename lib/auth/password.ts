import "server-only";
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from "node:crypto";
import pLimit from "p-limit";
import { AppError } from "@/lib/errors/app-error";

const KEY_LENGTH = 64;
/** OWASP's minimum for scrypt: N = 2^17, r = 8, p = 1 (128 MiB and ~0.3 s here, off the event loop). */
export const PASSWORD_COST = { N: 2 ** 17, r: 8, p: 1 };
const COST = PASSWORD_COST;
/** Stored parameters above these are refused rather than computed (a forged hash must not exhaust memory). */
const MAX_N = 2 ** 20;

/**
 * Password hashes computed at once (each takes 128 MiB and a thread of libuv's pool of four, which DNS lookups
 * for feeds and webhooks share), and how many may wait for one; past that, sign-ins are answered 503 at once.
 */
const HASHING_AT_ONCE = 2;
const HASHING_QUEUE = 16;
const hashing = pLimit(HASHING_AT_ONCE);

/** Refuses (503, Retry-After) when the password checks already waiting fill the queue. */
export function assertPasswordCapacity(): void {
  if (hashing.pendingCount >= HASHING_QUEUE) {
    throw new AppError("service_unavailable", "Too many sign-ins at once; try again in a few seconds", undefined, { "Retry-After": "2" });
  }
}

function scrypt(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  assertPasswordCapacity();
  return hashing(() => scryptNow(password, salt, options));
}

function scryptNow(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  const memory = 128 * (options.N ?? COST.N) * (options.r ?? COST.r) * 2;
  return new Promise((resolve, reject) =>
    scryptCallback(password, salt, KEY_LENGTH, { ...options, maxmem: Math.max(64 * 1024 * 1024, memory) }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** `scrypt$N$r$p$salt$hash` (base64): the parameters travel with the hash so they can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, COST);
  return ["scrypt", COST.N, COST.r, COST.p, salt.toString("base64"), key.toString("base64")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  if (!(Number(n) >= 2 && Number(n) <= MAX_N && Number(r) >= 1 && Number(r) <= 32 && Number(p) >= 1 && Number(p) <= 4)) return false;
  const expected = Buffer.from(hash, "base64");
  const actual = await scrypt(password, Buffer.from(salt, "base64"), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A hash made with weaker parameters than today's: rehashed at the next successful sign-in. */
export function needsRehash(stored: string): boolean {
  const [scheme, n, r, p] = stored.split("$");
  return scheme !== "scrypt" || Number(n) < COST.N || Number(r) < COST.r || Number(p) < COST.p;
}

// Verifying against this when the email is unknown keeps "no such user" as slow as "wrong password".
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword(randomBytes(16).toString("hex"));
  return decoyHash;
}

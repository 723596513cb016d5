import "server-only";
import { timingSafeEqual } from "node:crypto";
import { config } from "@/lib/config";
import { AppError } from "@/lib/errors/app-error";

/**
 * Whether the request carries the cron secret: Vercel Cron sends `Authorization: Bearer $CRON_SECRET`, and
 * operators use the same key (e.g. for /api/health's details). Fails closed: with no secret configured
 * nothing is accepted. Lengths are compared first (timingSafeEqual needs equal lengths), then the bytes in
 * constant time.
 */
export function hasCronSecret(request: Request): boolean {
  const secret = config().CRON_SECRET;
  if (!secret) return false;
  const given = Buffer.from(request.headers.get("authorization") ?? "");
  const expected = Buffer.from(`Bearer ${secret}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function assertCronAuthorized(request: Request): void {
  if (!config().CRON_SECRET) throw new AppError("unauthorized", "The cron endpoint is disabled: CRON_SECRET is not set");
  if (!hasCronSecret(request)) throw new AppError("unauthorized", "Missing or wrong cron secret");
}

import "server-only";
import { timingSafeEqual } from "node:crypto";
import { config } from "@/lib/config";
import { AppError } from "@/lib/errors/app-error";

/**
 * Vercel Cron sends `Authorization: Bearer $CRON_SECRET`. Fails closed: with no secret configured nothing
 * is accepted. Lengths are compared first (timingSafeEqual needs equal lengths), then the bytes in constant time.
 */
/** Whether the request carries the cron secret (the operators' key, also for /api/health's details). */
export function hasCronSecret(request: Request): boolean {
  try {
    assertCronAuthorized(request);
    return true;
  } catch {
    return false;
  }
}

export function assertCronAuthorized(request: Request): void {
  const secret = config().CRON_SECRET;
  if (!secret) throw new AppError("unauthorized", "The cron endpoint is disabled: CRON_SECRET is not set");
  const given = Buffer.from(request.headers.get("authorization") ?? "");
  const expected = Buffer.from(`Bearer ${secret}`);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new AppError("unauthorized", "Missing or wrong cron secret");
  }
}

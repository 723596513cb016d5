import "server-only";
import { createHash, randomBytes } from "node:crypto";

export const SESSION_COOKIE = "autopilot_session";
export const SESSION_DAYS = 30;

export function newSessionToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** httpOnly so scripts never see it; Lax so links into the app keep working; Secure whenever served over https. */
export function sessionCookieOptions(request: Request, expires: Date) {
  const forwardedProto = request.headers.get("x-forwarded-proto");
  const secure = (forwardedProto ?? new URL(request.url).protocol.replace(":", "")) === "https";
  return { httpOnly: true, sameSite: "lax" as const, secure, path: "/", expires };
}

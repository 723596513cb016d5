import "server-only";
import { hashSecretToken, newSecretToken } from "@/lib/http/secret-token";
import { config } from "@/lib/config";

/** Over https the cookie is `__Host-` prefixed: the browser then insists on Secure, Path=/ and no Domain. */
export const SESSION_COOKIE = "autopilot_session";
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;
export const SESSION_DAYS = 30;
/** A session unused this long ends, whatever its absolute expiry. */
export const SESSION_IDLE_DAYS = 7;

export const newSessionToken = newSecretToken;
export const hashSessionToken = hashSecretToken;

/**
 * Whether the app is served over https: always on Vercel or with an https APP_URL (whatever proxy headers
 * say), else by the request itself. Local `npm start` over http keeps a plain cookie, or it could not sign in.
 */
export function servedSecurely(request: Request): boolean {
  const c = config();
  if (c.VERCEL || c.APP_URL?.startsWith("https://")) return true;
  const forwardedProto = request.headers.get("x-forwarded-proto");
  return (forwardedProto ?? new URL(request.url).protocol.replace(":", "")) === "https";
}

/** The session cookie's name and options: httpOnly so scripts never see it; Lax so links into the app keep working. */
export function sessionCookie(request: Request, expires: Date) {
  const secure = servedSecurely(request);
  return { name: secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE, options: { httpOnly: true, sameSite: "lax" as const, secure, path: "/", expires } };
}

/** The session token a request carries, under either name. */
export function sessionTokenOf(cookieStore: { get(name: string): { value: string } | undefined }): string | undefined {
  return cookieStore.get(SECURE_SESSION_COOKIE)?.value ?? cookieStore.get(SESSION_COOKIE)?.value;
}

import { config } from "@/lib/config";

/**
 * The options of Supabase's session cookies, stated rather than left to @supabase/ssr's defaults: httpOnly (only
 * the server reads them; the app has no browser client), SameSite=Lax so links into the app keep the session,
 * Path=/, and Secure whenever the app is served over https (on Vercel or with an https APP_URL), whatever
 * proxy headers say.
 */
export function supabaseCookieOptions() {
  const c = config();
  const secure = Boolean(c.VERCEL) || Boolean(c.APP_URL?.startsWith("https://"));
  return { path: "/", sameSite: "lax" as const, httpOnly: true, secure };
}

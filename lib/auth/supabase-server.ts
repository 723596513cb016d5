import "server-only";
import { createServerClient } from "@supabase/ssr";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { cookies } from "next/headers";
import { supabaseSettings } from "@/lib/config";
import { supabaseCookieOptions } from "./supabase-cookie-options";

/** A Supabase client bound to this request's cookies (reads and refreshes the session). */
export async function createSupabaseServerClient(): Promise<SupabaseClient> {
  const settings = supabaseSettings();
  if (!settings) throw new Error("Supabase is not configured");
  const cookieStore = await cookies();
  return createServerClient(settings.url, settings.anonKey, {
    cookieOptions: supabaseCookieOptions(),
    cookies: {
      getAll: () => cookieStore.getAll(),
      setAll: (cookiesToSet) => {
        try {
          for (const { name, value, options } of cookiesToSet) cookieStore.set(name, value, options);
        } catch {
          // Server Components cannot set cookies; proxy.ts refreshes the session for them.
        }
      },
    },
  });
}

/** For `Authorization: Bearer <access token>` callers: no cookies, the token is checked with Supabase Auth. */
export function createSupabaseTokenClient(): SupabaseClient {
  const settings = supabaseSettings();
  if (!settings) throw new Error("Supabase is not configured");
  return createClient(settings.url, settings.anonKey, { auth: { persistSession: false, autoRefreshToken: false } });
}

import { createServerClient } from "@supabase/ssr";
import { NextResponse, type NextRequest } from "next/server";
import { supabaseSettings } from "@/lib/config";

/**
 * Supabase mode only: refreshes the auth session cookie on each page request, so Server Components
 * (which cannot write cookies) see a fresh token. Local mode needs nothing here. Authorisation is not
 * decided here: pages and route handlers check the user themselves.
 */
export async function proxy(request: NextRequest) {
  const supabase = supabaseSettings();
  if (!supabase) return NextResponse.next();

  let response = NextResponse.next({ request });
  const client = createServerClient(supabase.url, supabase.anonKey, {
    cookies: {
      getAll: () => request.cookies.getAll(),
      setAll: (cookiesToSet) => {
        for (const { name, value } of cookiesToSet) request.cookies.set(name, value);
        response = NextResponse.next({ request });
        for (const { name, value, options } of cookiesToSet) response.cookies.set(name, value, options);
      },
    },
  });
  // getClaims() verifies the JWT (and refreshes it when expired); never trust getSession() on the server.
  await client.auth.getClaims();
  return response;
}

export const config = {
  // Cron, health and static files are never touched (and never redirected).
  matcher: ["/((?!api/cron|api/health|_next/static|_next/image|icon.svg|manifest.webmanifest|robots.txt).*)"],
};

import { createServerClient } from "@supabase/ssr";
import { NextResponse, type NextRequest } from "next/server";
import { supabaseCookieOptions } from "@/lib/auth/supabase-cookie-options";
import { supabaseSettings } from "@/lib/config";
import { contentSecurityPolicy, newNonce } from "@/lib/http/content-security-policy";
import { REQUEST_PATH_HEADER } from "@/lib/http/return-path";

/**
 * Every page gets a Content-Security-Policy with a fresh nonce, which Next.js puts on its own scripts (the
 * policy travels on the request too, where Next.js reads it). In Supabase mode it also refreshes the auth
 * session cookie on each page request, so Server Components (which cannot write cookies) see a fresh token.
 * Authorisation is not decided here: pages and route handlers check the user themselves.
 */
export async function proxy(request: NextRequest) {
  const malformed = malformedPathAnswer(request);
  if (malformed) return malformed;
  const isPage = !request.nextUrl.pathname.startsWith("/api/");
  const policy = isPage ? contentSecurityPolicy(newNonce(), { development: process.env.NODE_ENV === "development" }) : null;
  if (policy) request.headers.set("Content-Security-Policy", policy);
  // Pages that need a session send a signed-out person to sign in and back here (see requirePageActor).
  if (isPage) request.headers.set(REQUEST_PATH_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`);
  const next = () => {
    const response = NextResponse.next({ request });
    if (policy) response.headers.set("Content-Security-Policy", policy);
    return response;
  };

  const supabase = supabaseSettings();
  if (!supabase) return next();

  let response = next();
  const client = createServerClient(supabase.url, supabase.anonKey, {
    cookieOptions: supabaseCookieOptions(),
    cookies: {
      getAll: () => request.cookies.getAll(),
      setAll: (cookiesToSet) => {
        for (const { name, value } of cookiesToSet) request.cookies.set(name, value);
        response = next();
        for (const { name, value, options } of cookiesToSet) response.cookies.set(name, value, options);
      },
    },
  });
  // getClaims() verifies the JWT (and refreshes it when expired); never trust getSession() on the server.
  await client.auth.getClaims();
  return response;
}

/**
 * A path whose percent-encoding is broken ("%E0%A4%A") cannot be decoded into route parameters; Next.js would
 * answer 500. It is the caller's mistake: 400, saying so.
 */
function malformedPathAnswer(request: NextRequest): NextResponse | null {
  try {
    decodeURIComponent(request.nextUrl.pathname);
    return null;
  } catch {
    const message = "The address is not valid: it holds a broken percent-encoding";
    return request.nextUrl.pathname.startsWith("/api/")
      ? NextResponse.json({ error: { code: "validation_failed", message, fields: { path: message } } }, { status: 400 })
      : new NextResponse(message, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
}

export const config = {
  // Cron, health and static files are never touched (and never redirected).
  matcher: ["/((?!api/cron|api/health|_next/static|_next/image|icon.svg|manifest.webmanifest|robots.txt).*)"],
};

import "server-only";
import { cookies, headers } from "next/headers";
import { adminEmails, supabaseSettings } from "@/lib/config";
import { getDatabase } from "@/lib/db/connection";
import type { Actor } from "@/lib/db/transactions";
import { AppError } from "@/lib/errors/app-error";
import { userForSessionToken, type AccountUser } from "./local-auth";
import { sessionTokenOf } from "./session-cookie";
import { authServiceUnavailable } from "./supabase-auth-errors";
import { createSupabaseServerClient, createSupabaseTokenClient } from "./supabase-server";

/**
 * Admin rights go to an ADMIN_EMAILS address only once it is confirmed (Supabase: the user confirmed it;
 * local accounts: the operator ran `npm run admin -- grant <email>`), so registering an admin's address
 * first grants nothing.
 */
export function actorFor(user: AccountUser): Actor {
  const email = user.email.toLowerCase();
  return { id: user.id, email, isPlatformAdmin: user.emailVerified === true && adminEmails().has(email), ...(user.claims ? { claims: user.claims } : {}) };
}

/** The claims of an access token Supabase Auth has just verified (its payload, read without checking again). */
function claimsOf(accessToken: string | undefined): Record<string, unknown> | undefined {
  const payload = accessToken?.split(".")[1];
  if (!payload) return undefined;
  try {
    return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

async function supabaseUser(): Promise<AccountUser | null> {
  const authorization = (await headers()).get("authorization");
  const bearer = authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
  // getUser() asks Supabase Auth to verify the token; getSession() would trust the cookie blindly, so it is
  // read only after getUser() accepted the same token, for its claims (row-level security sees them as they are).
  const client = bearer ? createSupabaseTokenClient() : await createSupabaseServerClient();
  const { data, error } = bearer ? await client.auth.getUser(bearer) : await client.auth.getUser();
  const unavailable = authServiceUnavailable(error);
  if (unavailable) throw unavailable;
  if (error || !data.user?.email) return null;
  const accessToken = bearer ?? (await client.auth.getSession()).data.session?.access_token;
  return { id: data.user.id, email: data.user.email, emailVerified: Boolean(data.user.email_confirmed_at), claims: claimsOf(accessToken) };
}

async function localUser(): Promise<AccountUser | null> {
  const token = sessionTokenOf(await cookies());
  if (!token) return null;
  return userForSessionToken(await getDatabase(), token);
}

/** The signed-in person for this request, or null. Works in route handlers and Server Components. */
export async function getActor(): Promise<Actor | null> {
  const user = supabaseSettings() ? await supabaseUser() : await localUser();
  return user ? actorFor(user) : null;
}

export async function requireActor(): Promise<Actor> {
  const actor = await getActor();
  if (!actor) throw new AppError("unauthorized", "Sign in first: this needs a session");
  return actor;
}

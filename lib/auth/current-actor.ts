import "server-only";
import { cookies, headers } from "next/headers";
import { adminEmails, supabaseSettings } from "@/lib/config";
import { getDatabase } from "@/lib/db/connection";
import type { Actor } from "@/lib/db/transactions";
import { AppError } from "@/lib/errors/app-error";
import { userForSessionToken, type AccountUser } from "./local-auth";
import { sessionTokenOf } from "./session-cookie";
import { createSupabaseServerClient, createSupabaseTokenClient } from "./supabase-server";

/**
 * Admin rights go to an ADMIN_EMAILS address only once it is confirmed (Supabase: the user confirmed it;
 * local accounts: the operator ran `npm run admin -- grant <email>`), so registering an admin's address
 * first grants nothing.
 */
export function actorFor(user: AccountUser): Actor {
  const email = user.email.toLowerCase();
  return { id: user.id, email, isPlatformAdmin: user.emailVerified === true && adminEmails().has(email) };
}

async function supabaseUser(): Promise<AccountUser | null> {
  const authorization = (await headers()).get("authorization");
  const bearer = authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
  // getUser() asks Supabase Auth to verify the token; getSession() would trust the cookie blindly.
  const { data, error } = bearer
    ? await createSupabaseTokenClient().auth.getUser(bearer)
    : await (await createSupabaseServerClient()).auth.getUser();
  if (error || !data.user?.email) return null;
  return { id: data.user.id, email: data.user.email, emailVerified: Boolean(data.user.email_confirmed_at) };
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

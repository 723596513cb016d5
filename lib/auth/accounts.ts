import "server-only";
import { cookies } from "next/headers";
import { sendAdminConfirmation } from "@/lib/admin/admin-confirmation";
import { supabaseSettings } from "@/lib/config";
import { getDatabase } from "@/lib/db/connection";
import { AppError } from "@/lib/errors/app-error";
import type { Credentials } from "@/lib/validation/credentials";
import { createStarterWorkspace } from "@/lib/workspaces/starter-workspace";
import { actorFor } from "./current-actor";
import { createLocalSession, revokeAllLocalSessions, revokeLocalSession, signInLocal, signUpLocal, userForSessionToken, type AccountUser } from "./local-auth";
import { SECURE_SESSION_COOKIE, SESSION_COOKIE, sessionCookie, sessionTokenOf } from "./session-cookie";
import { authServiceUnavailable } from "./supabase-auth-errors";
import { createSupabaseServerClient } from "./supabase-server";
import { assertSignUpAllowed, clientAddress } from "./sign-in-throttle";

export interface SignUpResult {
  user: AccountUser;
  workspace_id: string;
  /** Supabase projects with email confirmation on sign the user in only after they confirm. */
  confirmation_required: boolean;
}

async function startLocalSession(request: Request, userId: string): Promise<void> {
  const { token, expiresAt } = await createLocalSession(await getDatabase(), userId);
  const { name, options } = sessionCookie(request, expiresAt);
  (await cookies()).set(name, token, options);
}

async function signUpWithSupabase(credentials: Credentials): Promise<{ user: AccountUser; confirmed: boolean }> {
  const supabase = await createSupabaseServerClient();
  const { data, error } = await supabase.auth.signUp(credentials);
  const unavailable = authServiceUnavailable(error);
  if (unavailable) throw unavailable;
  if (error) {
    if (error.code === "user_already_exists" || error.code === "email_exists") {
      throw new AppError("email_taken", "An account with this email already exists; sign in instead", {
        email: "An account with this email already exists",
      });
    }
    throw new AppError("validation_failed", error.message, { password: error.message });
  }
  if (!data.user?.email) throw new AppError("conflict", "Supabase did not create the account");
  return { user: { id: data.user.id, email: data.user.email }, confirmed: Boolean(data.session) };
}

/** Creates the account, its first workspace with a sample specification, and (when possible) a session. */
export async function signUp(request: Request, credentials: Credentials): Promise<SignUpResult> {
  let user: AccountUser;
  let confirmed = true;
  // Each sign-up creates an account and a workspace: counted per address, across every instance.
  await assertSignUpAllowed(await getDatabase(), { address: clientAddress(request) });
  if (supabaseSettings()) {
    ({ user, confirmed } = await signUpWithSupabase(credentials));
  } else {
    user = await signUpLocal(await getDatabase(), credentials.email, credentials.password);
    await startLocalSession(request, user.id);
    await sendAdminConfirmation(await getDatabase(), user);
  }
  const workspace = await createStarterWorkspace(await getDatabase(), actorFor(user));
  return { user, workspace_id: workspace.id, confirmation_required: !confirmed };
}

export async function signIn(request: Request, credentials: Credentials): Promise<AccountUser> {
  if (supabaseSettings()) {
    const supabase = await createSupabaseServerClient();
    const { data, error } = await supabase.auth.signInWithPassword(credentials);
    const unavailable = authServiceUnavailable(error);
    if (unavailable) throw unavailable;
    if (error || !data.user?.email) throw new AppError("unauthorized", error?.message ?? "Email or password is wrong");
    return { id: data.user.id, email: data.user.email };
  }
  const user = await signInLocal(await getDatabase(), credentials.email, credentials.password, clientAddress(request));
  await startLocalSession(request, user.id);
  return user;
}

/**
 * Revokes the session where it is stored (so a copied cookie stops working) and clears the cookie;
 * `everywhere` ends every session of the person, on every device.
 */
export async function signOut({ everywhere = false }: { everywhere?: boolean } = {}): Promise<void> {
  if (supabaseSettings()) {
    // Auth being down must not keep anyone signed in here: the cookies are cleared whatever it answers, and
    // the answer says when the session could not be ended there too.
    const { error } = await (await createSupabaseServerClient()).auth.signOut({ scope: everywhere ? "global" : "local" });
    if (error) {
      const cookieStore = await cookies();
      for (const { name } of cookieStore.getAll()) if (name.startsWith("sb-")) cookieStore.delete(name);
      const unavailable = authServiceUnavailable(error);
      if (unavailable) {
        throw new AppError("service_unavailable", "Signed out on this device, but the authentication service did not answer, so other sessions may remain; try again in a minute", undefined, unavailable.headers);
      }
    }
    return;
  }
  const cookieStore = await cookies();
  const token = sessionTokenOf(cookieStore);
  if (token) {
    const db = await getDatabase();
    const user = everywhere ? await userForSessionToken(db, token) : null;
    if (user) await revokeAllLocalSessions(db, user.id);
    else await revokeLocalSession(db, token);
  }
  cookieStore.delete(SESSION_COOKIE);
  // A __Host- cookie is only replaced by one with the same Secure attribute.
  if (cookieStore.get(SECURE_SESSION_COOKIE)) cookieStore.set(SECURE_SESSION_COOKIE, "", { httpOnly: true, sameSite: "lax", secure: true, path: "/", maxAge: 0 });
}

import "server-only";
import type { Database } from "@/lib/db/database";
import { deleteSession, deleteUserSessions, findSessionUser, insertSession, purgeEndedSessions } from "@/lib/db/sessions";
import { withSystem } from "@/lib/db/transactions";
import { findUserByEmail, insertLocalUser, updatePasswordHash } from "@/lib/db/users";
import { AppError } from "@/lib/errors/app-error";
import { assertPasswordCapacity, decoyPasswordHash, hashPassword, needsRehash, verifyPassword } from "./password";
import { SESSION_DAYS, SESSION_IDLE_DAYS, hashSessionToken, newSessionToken } from "./session-cookie";
import { delayAfterFailure, reserveSignInAttempt, settleSignInSuccess } from "./sign-in-throttle";

export interface AccountUser {
  id: string;
  email: string;
  /** Whether the address is confirmed: admin rights need it. */
  emailVerified?: boolean;
  /** Supabase Auth: the verified access token's claims. */
  claims?: Record<string, unknown>;
}

export async function signUpLocal(db: Database, email: string, password: string): Promise<AccountUser> {
  assertPasswordCapacity();
  const passwordHash = await hashPassword(password);
  const user = await withSystem(db, (tx) => insertLocalUser(tx, { email, passwordHash }));
  if (!user) {
    throw new AppError("email_taken", "An account with this email already exists; sign in instead", {
      email: "An account with this email already exists",
    });
  }
  return { id: user.id, email: user.email, emailVerified: user.email_verified };
}

export async function signInLocal(db: Database, email: string, password: string, address = "direct"): Promise<AccountUser> {
  const key = email.toLowerCase();
  // Refused quickly when the server is already checking as many passwords as it may, before anything counts.
  assertPasswordCapacity();
  const attempt = await reserveSignInAttempt(db, { email: key, address });
  const user = await withSystem(db, (tx) => findUserByEmail(tx, key));
  const ok = await verifyPassword(password, user?.encrypted_password ?? (await decoyPasswordHash()));
  if (!user || !ok) {
    await delayAfterFailure(attempt);
    throw new AppError("unauthorized", "Email or password is wrong");
  }
  await settleSignInSuccess(db, { email: key, address });
  // A hash from before the cost was raised is replaced while the password is at hand.
  if (user.encrypted_password && needsRehash(user.encrypted_password)) {
    const passwordHash = await hashPassword(password);
    await withSystem(db, (tx) => updatePasswordHash(tx, { userId: user.id, passwordHash }));
  }
  return { id: user.id, email: user.email, emailVerified: user.email_verified };
}

export async function createLocalSession(db: Database, userId: string): Promise<{ token: string; expiresAt: Date }> {
  const token = newSessionToken();
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 24 * 3600 * 1000);
  await withSystem(db, async (tx) => {
    // Each new session clears out ended ones, so the table holds only sessions that can still be used.
    await purgeEndedSessions(tx, { idleDays: SESSION_IDLE_DAYS });
    await insertSession(tx, { userId, tokenHash: hashSessionToken(token), expiresAt });
  });
  return { token, expiresAt };
}

export async function revokeLocalSession(db: Database, token: string): Promise<void> {
  await withSystem(db, (tx) => deleteSession(tx, hashSessionToken(token)));
}

export async function userForSessionToken(db: Database, token: string): Promise<AccountUser | null> {
  return withSystem(db, (tx) => findSessionUser(tx, hashSessionToken(token), { idleDays: SESSION_IDLE_DAYS }));
}

/** Ends every session of the user (sign out everywhere). */
export async function revokeAllLocalSessions(db: Database, userId: string): Promise<number> {
  return withSystem(db, (tx) => deleteUserSessions(tx, userId));
}

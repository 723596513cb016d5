import "server-only";
import type { Database, Queryable } from "./database";

/** The person a request acts for, as the database's policies see them. */
export interface Actor {
  id: string;
  email: string;
  isPlatformAdmin: boolean;
  /** With Supabase Auth: the claims of the person's verified access token, which policies then see as they are. */
  claims?: Record<string, unknown>;
}

/** The JWT claims Supabase's PostgREST would set for this user; policies read them via auth.uid()/auth.jwt(). */
export function claimsFor(actor: Actor): Record<string, unknown> {
  if (actor.claims && actor.claims.sub === actor.id) {
    // Admin rights are the app's decision (a confirmed ADMIN_EMAILS address), not the token's.
    const appMetadata = typeof actor.claims.app_metadata === "object" && actor.claims.app_metadata ? actor.claims.app_metadata : {};
    return { ...actor.claims, role: "authenticated", app_metadata: { ...appMetadata, platform_admin: actor.isPlatformAdmin } };
  }
  return {
    sub: actor.id,
    email: actor.email,
    role: "authenticated",
    aud: "authenticated",
    app_metadata: { platform_admin: actor.isPlatformAdmin },
  };
}

/**
 * Runs `work` in a transaction as `actor`: role `authenticated` and their claims, exactly as PostgREST does,
 * so row-level security applies to every statement inside.
 */
export function withUser<T>(db: Database, actor: Actor, work: (tx: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.query("select set_config('request.jwt.claims', $1, true), set_config('role', 'authenticated', true)", [
      JSON.stringify(claimsFor(actor)),
    ]);
    return work(tx);
  });
}

/** Transactions opened by withSystem: already the owner role, so asServer has nothing to switch (nor to ask). */
const systemTransactions = new WeakSet<Queryable>();

/**
 * Runs `work` inside the caller's transaction as the connection's owner role, then returns to the caller's
 * role: for what only the server writes (audit rows, a schedule's next run, runs) in a person's transaction,
 * after the app has checked that the person may do what causes it. Fails with the transaction, which then
 * cannot be used anyway, so the role needs no restoring on error.
 */
export async function asServer<T>(tx: Queryable, work: () => Promise<T>): Promise<T> {
  if (systemTransactions.has(tx)) return work();
  const { rows } = await tx.query<{ role: string }>("select current_setting('role') as role");
  const role = rows[0].role;
  if (role === "none") return work();
  await tx.query("select set_config('role', 'none', true)");
  const result = await work();
  await tx.query("select set_config('role', $1, true)", [role]);
  return result;
}

/**
 * Runs system work (the tick, sign-up bookkeeping) as the connection's owner role, outside RLS.
 * `redoneIfLost`: the work only records what the next tick would do again from the database's state (a claim
 * and the start of runs), so it may commit without waiting for its WAL to reach disk. A server crash can lose
 * it only together with everything after it, and any later durable commit makes it durable too.
 */
export function withSystem<T>(db: Database, work: (tx: Queryable) => Promise<T>, { redoneIfLost = false } = {}): Promise<T> {
  return db.transaction((tx) => {
    systemTransactions.add(tx);
    return work(tx);
  }, { asyncCommit: redoneIfLost });
}

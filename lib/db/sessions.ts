import "server-only";
import type { Queryable } from "./database";

export async function insertSession(
  tx: Queryable,
  { userId, tokenHash, expiresAt }: { userId: string; tokenHash: string; expiresAt: Date },
): Promise<void> {
  await tx.query("insert into auth.sessions (user_id, token_hash, expires_at) values ($1, $2, $3)", [
    userId,
    tokenHash,
    expiresAt,
  ]);
}

/**
 * The session's user while it is neither expired nor idle for `idleDays`; its last use is written at most
 * hourly, so reading a session stays a read.
 */
export async function findSessionUser(
  tx: Queryable,
  tokenHash: string,
  { idleDays }: { idleDays: number },
): Promise<{ id: string; email: string; emailVerified: boolean } | null> {
  const { rows } = await tx.query<{ id: string; email: string; stale: boolean; verified: boolean }>(
    `select u.id, u.email, s.last_seen_at < now() - interval '1 hour' as stale, u.email_confirmed_at is not null as verified
     from auth.sessions s join auth.users u on u.id = s.user_id
     where s.token_hash = $1 and s.expires_at > now() and s.last_seen_at > now() - make_interval(days => $2)`,
    [tokenHash, idleDays],
  );
  if (!rows[0]) return null;
  if (rows[0].stale) await tx.query("update auth.sessions set last_seen_at = now() where token_hash = $1", [tokenHash]);
  return { id: rows[0].id, email: rows[0].email, emailVerified: rows[0].verified };
}

/** Signs a user out everywhere: every session of theirs ends. */
export async function deleteUserSessions(tx: Queryable, userId: string): Promise<number> {
  const { rowCount } = await tx.query("delete from auth.sessions where user_id = $1", [userId]);
  return rowCount;
}

/** Expired and idle sessions go, a bounded batch at a time. */
export async function purgeEndedSessions(tx: Queryable, { idleDays }: { idleDays: number }): Promise<number> {
  const { rowCount } = await tx.query(
    `delete from auth.sessions where id in (
       select id from auth.sessions where expires_at <= now() or last_seen_at <= now() - make_interval(days => $1) limit 1000)`,
    [idleDays],
  );
  return rowCount;
}

export async function deleteSession(tx: Queryable, tokenHash: string): Promise<void> {
  await tx.query("delete from auth.sessions where token_hash = $1", [tokenHash]);
}

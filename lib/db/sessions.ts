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

export async function findSessionUser(
  tx: Queryable,
  tokenHash: string,
): Promise<{ id: string; email: string } | null> {
  const { rows } = await tx.query<{ id: string; email: string }>(
    `select u.id, u.email from auth.sessions s join auth.users u on u.id = s.user_id
     where s.token_hash = $1 and s.expires_at > now()`,
    [tokenHash],
  );
  return rows[0] ?? null;
}

export async function deleteSession(tx: Queryable, tokenHash: string): Promise<void> {
  await tx.query("delete from auth.sessions where token_hash = $1", [tokenHash]);
}

import "server-only";
import type { Queryable } from "./database";

export async function insertEmailConfirmation(tx: Queryable, { userId, tokenHash, expiresAt }: { userId: string; tokenHash: string; expiresAt: Date }): Promise<void> {
  // Older links of the same account stop working: only the latest email counts.
  await tx.query("delete from auth.email_confirmations where user_id = $1 or expires_at <= now()", [userId]);
  await tx.query("insert into auth.email_confirmations (token_hash, user_id, expires_at) values ($1, $2, $3)", [tokenHash, userId, expiresAt]);
}

/** The address a link's token confirms, if it is valid; the account's address is then confirmed and the token used up. */
export async function consumeEmailConfirmation(tx: Queryable, { tokenHash, userId }: { tokenHash: string; userId: string }): Promise<string | null> {
  const { rows } = await tx.query<{ email: string }>(
    `with used as (delete from auth.email_confirmations where token_hash = $1 and user_id = $2 and expires_at > now() returning user_id)
     update auth.users u set email_confirmed_at = coalesce(u.email_confirmed_at, now()) from used where u.id = used.user_id
     returning u.email`,
    [tokenHash, userId],
  );
  return rows[0]?.email ?? null;
}

/** The address a link's token would confirm (for the page that asks to confirm), without using it. */
export async function findEmailConfirmation(tx: Queryable, tokenHash: string): Promise<string | null> {
  const { rows } = await tx.query<{ email: string }>(
    "select u.email from auth.email_confirmations c join auth.users u on u.id = c.user_id where c.token_hash = $1 and c.expires_at > now()",
    [tokenHash],
  );
  return rows[0]?.email ?? null;
}

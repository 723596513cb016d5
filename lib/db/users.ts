import "server-only";
import type { Queryable } from "./database";

export interface UserRow {
  id: string;
  email: string;
  encrypted_password: string | null;
  email_verified: boolean;
  created_at: Date;
}

/** auth.users is Supabase's table in hosted mode and our compatibility copy locally; both have these columns. */
export async function findUserByEmail(tx: Queryable, email: string): Promise<UserRow | null> {
  const { rows } = await tx.query<UserRow>(
    "select id, email, encrypted_password, email_confirmed_at is not null as email_verified, created_at from auth.users where email = lower($1)",
    [email],
  );
  return rows[0] ?? null;
}

export async function insertLocalUser(
  tx: Queryable,
  { email, passwordHash }: { email: string; passwordHash: string },
): Promise<UserRow | null> {
  const { rows } = await tx.query<UserRow>(
    `insert into auth.users (email, encrypted_password) values (lower($1), $2)
     on conflict (email) where is_sso_user = false do nothing
     returning id, email, encrypted_password, email_confirmed_at is not null as email_verified, created_at`,
    [email, passwordHash],
  );
  return rows[0] ?? null;
}

export async function updatePasswordHash(tx: Queryable, { userId, passwordHash }: { userId: string; passwordHash: string }): Promise<void> {
  await tx.query("update auth.users set encrypted_password = $2 where id = $1", [userId, passwordHash]);
}

/** Marks an address as confirmed (the operator vouches for it); returns whether such a user exists. */
export async function confirmEmail(tx: Queryable, email: string): Promise<boolean> {
  const { rowCount } = await tx.query("update auth.users set email_confirmed_at = coalesce(email_confirmed_at, now()) where email = lower($1)", [email]);
  return rowCount > 0;
}

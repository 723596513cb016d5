import "server-only";
import type { Queryable } from "./database";

export interface UserRow {
  id: string;
  email: string;
  encrypted_password: string | null;
}

/** auth.users is Supabase's table in hosted mode and our compatibility copy locally; both have these columns. */
export async function findUserByEmail(tx: Queryable, email: string): Promise<UserRow | null> {
  const { rows } = await tx.query<UserRow>(
    "select id, email, encrypted_password from auth.users where email = lower($1)",
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
     on conflict (email) do nothing
     returning id, email, encrypted_password`,
    [email, passwordHash],
  );
  return rows[0] ?? null;
}

export async function updatePasswordHash(tx: Queryable, { userId, passwordHash }: { userId: string; passwordHash: string }): Promise<void> {
  await tx.query("update auth.users set encrypted_password = $2 where id = $1", [userId, passwordHash]);
}

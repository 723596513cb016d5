import { randomBytes } from "node:crypto";
import type { Database } from "@/lib/db/database";
import type { Actor } from "@/lib/db/transactions";

/** A fresh account (unique email) straight in auth.users, as sign-up or Supabase would leave it. */
export async function createUser(db: Database, { admin = false, name = "user" } = {}): Promise<Actor> {
  const email = `${name}-${randomBytes(4).toString("hex")}@example.com`;
  const { rows } = await db.query<{ id: string }>("insert into auth.users (email) values ($1) returning id", [email]);
  return { id: rows[0].id, email, isPlatformAdmin: admin };
}

import "server-only";
import { getDatabase } from "./connection";
import type { Queryable } from "./database";
import { withSystem, withUser, type Actor } from "./transactions";

/** The configured database, in a transaction as `actor` (RLS applies). */
export async function runAsUser<T>(actor: Actor, work: (tx: Queryable) => Promise<T>): Promise<T> {
  return withUser(await getDatabase(), actor, work);
}

/** The configured database, in a transaction as the owner role (system work). */
export async function runAsSystem<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
  return withSystem(await getDatabase(), work);
}

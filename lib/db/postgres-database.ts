import "server-only";
import { config } from "@/lib/config";
import { log } from "@/lib/log";
import { createHash } from "node:crypto";
import { Pool, type PoolClient } from "pg";
import type { Database, Queryable } from "./database";

// Named statements are parsed and planned once per connection, then reused: the engine's hot statements
// (claim, insert run, finish run, record outcome) run thousands of times a tick. Distinct SQL texts are few
// (dynamic filters build a bounded set), so the per-connection cache stays small.
const statementNames = new Map<string, string>();
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `s${createHash("sha1").update(text).digest("hex").slice(0, 20)}`;
    statementNames.set(text, name);
  }
  return name;
}

/**
 * Transaction-mode poolers (Supabase's on port 6543, PgBouncer) hand each transaction a different server
 * connection, where a statement prepared elsewhere does not exist: there, statements stay unnamed.
 * DATABASE_PREPARED_STATEMENTS=0/1 overrides the guess.
 */
export function preparedStatementsFor(connectionString: string): boolean {
  const setting = config().DATABASE_PREPARED_STATEMENTS;
  if (setting === "0" || setting === "1") return setting === "1";
  try {
    const url = new URL(connectionString);
    return !(url.port === "6543" || url.hostname.includes("pooler.supabase.com") || url.searchParams.has("pgbouncer"));
  } catch {
    return true;
  }
}

function wrap(client: Pool | PoolClient, prepare: boolean): Queryable {
  return {
    async query<Row>(text: string, params: unknown[] = []) {
      const result = await client.query(prepare ? { name: statementName(text), text, values: params } : { text, values: params });
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
    },
    async exec(sql: string) {
      // Without parameters pg uses the simple protocol, which accepts several statements.
      await client.query(sql);
    },
  };
}

/** A Postgres server (Supabase's pooler or any Postgres 15+) through a small pool. */
export function openPostgresDatabase(connectionString: string, maxConnections = 10): Database {
  const pool = new Pool({ connectionString, max: maxConnections });
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on("error", (error) => log.error({ err: error }, "postgres pool error"));
  const prepare = preparedStatementsFor(connectionString);
  return {
    kind: "postgres",
    ...wrap(pool, prepare),
    async transaction(work, options) {
      const client = await pool.connect();
      try {
        // One round trip: without parameters pg sends both statements in one simple query.
        await client.query(options?.asyncCommit ? "begin; set local synchronous_commit = off" : "begin");
        const result = await work(wrap(client, prepare));
        await client.query("commit");
        return result;
      } catch (error) {
        await client.query("rollback").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

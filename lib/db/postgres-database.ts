import { Pool, type PoolClient } from "pg";
import type { Database, Queryable } from "./database";

function wrap(client: Pool | PoolClient): Queryable {
  return {
    async query<Row>(text: string, params: unknown[] = []) {
      const result = await client.query(text, params);
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
  pool.on("error", (error) =>
    console.error(JSON.stringify({ level: "error", msg: "postgres pool error", error: error.message })),
  );
  return {
    kind: "postgres",
    ...wrap(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query("begin");
        const result = await work(wrap(client));
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

import "server-only";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite, type Transaction } from "@electric-sql/pglite";
import type { Database, Queryable } from "./database";
import { lockDataFolder } from "./data-folder-lock";

function wrap(client: PGlite | Transaction): Queryable {
  return {
    async query<Row>(text: string, params: unknown[] = []) {
      const result = await client.query<Row>(text, params);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
    async exec(sql: string) {
      await client.exec(sql);
    },
  };
}

/**
 * Embedded Postgres (WASM) in this process. `dataDir` undefined means in memory (tests). A data folder is
 * locked to this process while it is open: a second process (an `npm run tick` beside the app) is refused.
 */
export async function openPgliteDatabase(dataDir?: string): Promise<Database> {
  // turbopackIgnore: the data folder is chosen at run time and is not part of the build.
  const folder = dataDir ? path.resolve(/*turbopackIgnore: true*/ dataDir) : undefined;
  if (folder) mkdirSync(folder, { recursive: true });
  const release = folder ? lockDataFolder(folder) : () => undefined;
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(folder);
  } catch (error) {
    release();
    throw error;
  }
  return {
    kind: "pglite",
    ...wrap(pglite),
    // PGlite has one connection; its transaction() queues other work until this one ends.
    transaction: (work, options) =>
      pglite.transaction(async (tx) => {
        if (options?.asyncCommit) await tx.exec("set local synchronous_commit = off");
        return work(wrap(tx));
      }),
    close: async () => {
      await pglite.close();
      release();
    },
  };
}

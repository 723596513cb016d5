/**
 * One Autopilot tick from the command line, for system cron or any other scheduler:
 *   DATABASE_URL=postgres://… npm run tick      (or without DATABASE_URL: the embedded database in .data/)
 * Prints the tick's summary as JSON; exits 1 if the tick could not run.
 */
import { runTick } from "../lib/engine/run-tick";
import { migrate } from "../lib/db/migrate";
import { openScriptDatabase } from "./open-database";

const { db, embedded } = await openScriptDatabase();
try {
  if (embedded) await migrate(db);
  console.log(JSON.stringify(await runTick(db)));
} catch (error) {
  console.error(`Tick failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await db.close();
}

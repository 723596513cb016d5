import "server-only";
import { getDatabase } from "@/lib/db/connection";
import { assertCronAuthorized } from "./cron-auth";
import { runTick, type TickSummary } from "./run-tick";

/** What the cron route does: refuse callers without the cron secret, then tick the configured database. */
export async function runCronTick(request: Request): Promise<TickSummary> {
  assertCronAuthorized(request);
  return runTick(await getDatabase());
}

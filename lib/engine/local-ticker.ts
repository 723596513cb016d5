import { getDatabase } from "@/lib/db/connection";
import { autopilotSettings } from "@/lib/autopilot/autopilot-settings";
import { runTick } from "./run-tick";

const holder = globalThis as typeof globalThis & { __autopilotTicker?: NodeJS.Timeout };

/**
 * Off Vercel, the running app is its own cron: a tick every AUTOPILOT_TICK_INTERVAL_SECONDS (0 turns it
 * off). A tick still running when the next is due is not overlapped; the next interval picks up the rest.
 */
export function startLocalTicker(): boolean {
  const { tickIntervalSeconds } = autopilotSettings();
  if (tickIntervalSeconds === 0 || holder.__autopilotTicker) return false;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await runTick(await getDatabase());
    } catch (error) {
      console.error(JSON.stringify({ level: "error", msg: "local tick failed", error: error instanceof Error ? error.message : String(error) }));
    } finally {
      running = false;
    }
  };
  holder.__autopilotTicker = setInterval(tick, tickIntervalSeconds * 1000);
  console.log(JSON.stringify({ level: "info", msg: "local autopilot ticker started", interval_seconds: tickIntervalSeconds }));
  return true;
}

/**
 * Runs once when the server starts. Off Vercel (where Vercel Cron calls /api/cron/tick) the app ticks
 * in-process, so `npm start` alone runs schedules on time.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.VERCEL || process.env.NEXT_PHASE === "phase-production-build") return;
  const { startLocalTicker } = await import("./lib/engine/local-ticker");
  startLocalTicker();
}

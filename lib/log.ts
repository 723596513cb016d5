import "server-only";
import pino from "pino";
import { logLevel } from "@/lib/config";

/**
 * The app's structured log: one JSON line per event on stdout (what Vercel and any log drain read), with
 * levels, ISO times and context fields (tick_id, request_id, schedule_id, run_id). Silent under the test
 * runner unless LOG_LEVEL asks for lines.
 */
export const log = pino({
  level: logLevel(),
  base: undefined,
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
});

export type Logger = typeof log;

import { z } from "zod";

/**
 * Every setting the app reads from the environment, validated with one schema. README's configuration table
 * lists exactly these (a unit test compares them). An empty value counts as unset. Values are parsed once and
 * parsed again only when the environment changes (tests and scripts set variables at run time); a bad value
 * stops the app at start-up with the variable named, instead of being ignored.
 */
const unsetWhenEmpty = (value: unknown) => (value === "" ? undefined : value);
const flag = z.preprocess(unsetWhenEmpty, z.enum(["0", "1"]).optional()).transform((value) => value === "1");
const positiveInt = (fallback: number) => z.preprocess(unsetWhenEmpty, z.coerce.number().int().positive().default(fallback));
const positiveNumber = (fallback: number) => z.preprocess(unsetWhenEmpty, z.coerce.number().positive().default(fallback));
const optionalText = z.preprocess(unsetWhenEmpty, z.string().optional());

const schema = z.object({
  DATABASE_URL: optionalText,
  PGLITE_DATA_DIR: z.preprocess(unsetWhenEmpty, z.string().default(".data/pglite")),
  DATABASE_PREPARED_STATEMENTS: z.preprocess(unsetWhenEmpty, z.enum(["0", "1"]).optional()),
  NEXT_PUBLIC_SUPABASE_URL: optionalText,
  NEXT_PUBLIC_SUPABASE_ANON_KEY: optionalText,
  ADMIN_EMAILS: z.preprocess(unsetWhenEmpty, z.string().default("")),
  CRON_SECRET: optionalText,
  AUTOPILOT_MIN_INTERVAL_MINUTES: positiveNumber(60),
  AUTOPILOT_ALLOW_PRIVATE_FEEDS: flag,
  AUTOPILOT_ALLOW_PRIVATE_ADDRESSES: flag,
  SMTP_URL: z.preprocess(unsetWhenEmpty, z.url({ protocol: /^smtps?$/, error: "SMTP_URL must be an smtp:// or smtps:// URL" }).optional()),
  EMAIL_FROM: z.preprocess(unsetWhenEmpty, z.string().default("Autopilot <autopilot@localhost>")),
  AUTOPILOT_FEED_CACHE_SECONDS: z.preprocess(unsetWhenEmpty, z.coerce.number().min(0).default(300)),
  AUTOPILOT_FEED_CACHE_MB: positiveInt(64),
  AUTOPILOT_TICK_INTERVAL_SECONDS: z.preprocess(unsetWhenEmpty, z.coerce.number().min(0).default(60)),
  AUTOPILOT_BATCH_SIZE: positiveInt(200),
  AUTOPILOT_CONCURRENCY: positiveInt(200),
  AUTOPILOT_TICK_BUDGET_SECONDS: positiveNumber(50),
  AUTOPILOT_RUN_TIMEOUT_SECONDS: positiveNumber(60),
  AUTOPILOT_MAX_SCHEDULES_PER_WORKSPACE: positiveInt(500),
  AUTOPILOT_SIGN_UPS_PER_HOUR: positiveInt(10),
  AUTOPILOT_EMAILS_PER_WORKSPACE_PER_DAY: positiveInt(2000),
  AUTOPILOT_CLIENT_ADDRESS_HEADER: z.preprocess(unsetWhenEmpty, z.string().regex(/^[A-Za-z0-9-]+$/, "a header name, e.g. x-real-ip").optional()),
  AUTOPILOT_MAX_WORKERS: positiveInt(8),
  AUTOPILOT_REPORT_ITEMS_PER_SECTION: positiveInt(50),
  AUTOPILOT_REPORT_MAX_ITEMS: positiveInt(2000),
  AUTOPILOT_SCHEDULES_PER_WORKER: positiveInt(400),
  OPENAI_BASE_URL: z.preprocess(unsetWhenEmpty, z.url({ protocol: /^https?$/, error: "OPENAI_BASE_URL must be an http(s) URL, e.g. https://api.openai.com/v1" }).optional()),
  OPENAI_API_KEY: optionalText,
  AUTOPILOT_SUMMARY_MODEL: optionalText,
  AUTOPILOT_SUMMARY_TOKENS_PER_MONTH: positiveInt(200_000),
  AUTOPILOT_SUMMARY_TIMEOUT_SECONDS: positiveNumber(30),
  APP_URL: z.preprocess(unsetWhenEmpty, z.url({ protocol: /^https?$/ }).optional()),
  /** Set by Vercel: the deployment's host name, the app's own address when APP_URL is unset. */
  VERCEL_URL: optionalText,
  LOG_LEVEL: z.preprocess(unsetWhenEmpty, z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional()),
  PORT: positiveInt(3000),
  /** Set by Vercel on its machines: there Vercel Cron ticks, not the app itself. */
  VERCEL: flag,
});

export type Config = z.output<typeof schema>;

/** The names of every variable the app reads. */
export const CONFIG_VARIABLES = Object.keys(schema.shape) as (keyof Config)[];

let cached: { key: string; value: Config } | undefined;

export function config(): Config {
  const env: Record<string, string | undefined> = typeof process === "undefined" ? {} : process.env;
  const values = Object.fromEntries(CONFIG_VARIABLES.map((name) => [name, env[name]]));
  const key = JSON.stringify(values);
  if (cached?.key === key) return cached.value;
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new Error(`Invalid configuration: ${problems}`);
  }
  cached = { key, value: parsed.data };
  return parsed.data;
}

export function databaseUrl(): string | undefined {
  return config().DATABASE_URL;
}

export function pgliteDataDir(): string {
  return config().PGLITE_DATA_DIR;
}

export function supabaseSettings(): { url: string; anonKey: string } | null {
  const { NEXT_PUBLIC_SUPABASE_URL: url, NEXT_PUBLIC_SUPABASE_ANON_KEY: anonKey } = config();
  return url && anonKey ? { url, anonKey } : null;
}

export function adminEmails(): Set<string> {
  return new Set(
    config()
      .ADMIN_EMAILS.split(",")
      .map((email) => email.trim().toLowerCase())
      .filter(Boolean),
  );
}

/** The app's own address, for links and for the cron route's calls to itself: APP_URL, else Vercel's, else local. */
export function appUrl(): string {
  const c = config();
  if (c.APP_URL) return c.APP_URL.replace(/\/$/, "");
  if (c.VERCEL_URL) return `https://${c.VERCEL_URL}`;
  return `http://127.0.0.1:${c.PORT}`;
}

/** Email delivery's settings; null when SMTP_URL is unset (email deliveries then wait). */
export function emailSettings(): { smtpUrl: string; from: string } | null {
  const c = config();
  return c.SMTP_URL ? { smtpUrl: c.SMTP_URL, from: c.EMAIL_FROM } : null;
}

/** LOG_LEVEL, else silent under the test runner (its output is the tests'), else info. */
export function logLevel(): NonNullable<Config["LOG_LEVEL"]> {
  return config().LOG_LEVEL ?? (typeof process !== "undefined" && process.env.VITEST ? "silent" : "info");
}

/** The engine's knobs. */
export function autopilotSettings() {
  const c = config();
  return {
    batchSize: c.AUTOPILOT_BATCH_SIZE,
    concurrency: c.AUTOPILOT_CONCURRENCY,
    tickBudgetMs: c.AUTOPILOT_TICK_BUDGET_SECONDS * 1000,
    runTimeoutSeconds: c.AUTOPILOT_RUN_TIMEOUT_SECONDS,
    maxSchedulesPerWorkspace: c.AUTOPILOT_MAX_SCHEDULES_PER_WORKSPACE,
    tickIntervalSeconds: c.AUTOPILOT_TICK_INTERVAL_SECONDS,
    maxWorkers: c.AUTOPILOT_MAX_WORKERS,
    schedulesPerWorker: c.AUTOPILOT_SCHEDULES_PER_WORKER,
    reportBounds: { perSection: c.AUTOPILOT_REPORT_ITEMS_PER_SECTION, total: c.AUTOPILOT_REPORT_MAX_ITEMS },
  };
}

/** The editor's summary's model (any OpenAI-compatible Chat Completions server); null unless all three are set. */
export function summarySettings(): { baseUrl: string; apiKey: string; model: string; tokensPerMonth: number; timeoutMs: number } | null {
  const c = config();
  if (!c.OPENAI_BASE_URL || !c.OPENAI_API_KEY || !c.AUTOPILOT_SUMMARY_MODEL) return null;
  return {
    baseUrl: c.OPENAI_BASE_URL.replace(/\/$/, ""),
    apiKey: c.OPENAI_API_KEY,
    model: c.AUTOPILOT_SUMMARY_MODEL,
    tokensPerMonth: c.AUTOPILOT_SUMMARY_TOKENS_PER_MONTH,
    timeoutMs: c.AUTOPILOT_SUMMARY_TIMEOUT_SECONDS * 1000,
  };
}

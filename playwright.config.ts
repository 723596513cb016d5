import { defineConfig } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const DATA_DIR = process.env.E2E_DATA_DIR ?? ".data-e2e";
/** Where the delivery test's SMTP sink listens (the server is told before it starts). */
const E2E_SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? 2626);
/** Supabase mode needs the Postgres server (its Auth writes auth.users where the app reads): only with TEST_DATABASE_URL. */
const SUPABASE_PORT = Number(process.env.E2E_SUPABASE_PORT ?? 3101);
const WITH_SUPABASE = Boolean(process.env.TEST_DATABASE_URL);

/** What both servers share: cron by the tests, email to the suite's SMTP sink, many sign-ups from one address. */
const SHARED_ENV = {
  ADMIN_EMAILS: "admin@e2e.test,axe-admin-1280@e2e.test,axe-admin-375@e2e.test,confirm-admin@e2e.test",
  CRON_SECRET: "e2e-cron-secret",
  // The tests tick through the cron route, so runs happen exactly when a test says.
  AUTOPILOT_TICK_INTERVAL_SECONDS: "0",
  // Email goes to the SMTP sink the delivery test starts; webhooks may reach its loopback receiver.
  SMTP_URL: `smtp://127.0.0.1:${E2E_SMTP_PORT}`,
  EMAIL_FROM: "Autopilot <autopilot@e2e.test>",
  AUTOPILOT_ALLOW_PRIVATE_ADDRESSES: "1",
  // The suite signs up dozens of people from one address.
  AUTOPILOT_SIGN_UPS_PER_HOUR: "1000",
};

export default defineConfig({
  testDir: "tests/e2e",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [["list"]],
  outputDir: "test-results/playwright",
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      // Debian's Chromium: Playwright cannot download its own browser on these machines.
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
      ],
    },
  },
  projects: [
    { name: "local", testIgnore: /supabase-mode\.spec\.ts/ },
    // The same product in Supabase mode (Auth at a loopback stand-in of Supabase Auth, @supabase/ssr cookies,
    // row-level security fed the tokens' claims): its own tests, and the suite's sign-up, workspace and
    // invitation flows again.
    ...(WITH_SUPABASE
      ? [{ name: "supabase", use: { baseURL: `http://127.0.0.1:${SUPABASE_PORT}` }, testMatch: /(supabase-mode|workspace-and-specifications|invitations)\.spec\.ts/ }]
      : []),
  ],
  webServer: [
    // A production build on a fresh, empty data folder: what a new user would get.
    {
      command: `rm -rf ${DATA_DIR} && npx next start -p ${PORT}`,
      url: `http://127.0.0.1:${PORT}/api/health`,
      timeout: 120_000,
      reuseExistingServer: false,
      env: { ...SHARED_ENV, PGLITE_DATA_DIR: `${DATA_DIR}/pglite`, DATABASE_URL: "", NEXT_PUBLIC_SUPABASE_URL: "", NEXT_PUBLIC_SUPABASE_ANON_KEY: "" },
    },
    ...(WITH_SUPABASE
      ? [
          {
            command: "npx tsx --conditions=react-server tests/e2e/supabase/stack.ts",
            url: `http://127.0.0.1:${SUPABASE_PORT}/api/health`,
            timeout: 120_000,
            reuseExistingServer: false,
            env: { ...SHARED_ENV, E2E_SUPABASE_PORT: String(SUPABASE_PORT) },
          },
        ]
      : []),
  ],
});

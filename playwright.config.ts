import fs from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { chromium } from "@playwright/test";
import { LOUPE_TEST_MODEL, TEST_MODEL_PRESENT } from "./tests/sharedFixtures";

/**
 * E2E tests run against the production build served by `npm start` on a fresh database.
 * Playwright's own Chromium is used when installed; otherwise the system's (Debian's
 * `chromium` package), since `npx playwright install` cannot download here.
 */
const PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_API_KEY = "e2e-test-key-0123456789";
export const E2E_ADMIN = { email: "admin@loupe.test", password: "e2e-admin-password" };
export const E2E_AUTH_STATE = "e2e/.auth/admin.json";
/** The local models of the e2e server: the test model, and the same file with " Lily" biased by −5 (a "changed" model). */
export const E2E_LOCAL_MODELS = [
  { name: "stories260K", path: LOUPE_TEST_MODEL },
  { name: "stories260K-biased", path: LOUPE_TEST_MODEL, tokenBias: { " Lily": -5 } },
];
/** A second server on its own empty database and no admin from env: the first-run /setup flow. */
export const E2E_FRESH_URL = `http://127.0.0.1:${PORT + 100}`;
/** The small real model the playground e2e runs on (LOUPE_TEST_MODEL, else the shared one); absent: those tests skip. */
export const E2E_TEST_MODEL = LOUPE_TEST_MODEL;
export const E2E_HAS_MODEL = TEST_MODEL_PRESENT;

function systemChromium(): string | undefined {
  try {
    if (fs.existsSync(chromium.executablePath())) return undefined;
  } catch {
    // fall through to the system browser
  }
  return ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].find((path) => fs.existsSync(path));
}

const executablePath = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? systemChromium();

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [["list"]],
  // Signs the admin in once; every test starts signed in unless it asks for a fresh context.
  globalSetup: "./e2e/global-setup.ts",
  use: {
    storageState: E2E_AUTH_STATE,
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    viewport: { width: 1400, height: 900 },
    launchOptions: executablePath
      ? {
          executablePath,
          args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-dev-shm-usage"],
        }
      : {},
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], viewport: { width: 1400, height: 900 } } }],
  // Started one after the other: the first builds when stale, the second reuses that build.
  // SIGTERM (not Playwright's default SIGKILL) lets scripts/e2e-server.ts stop and remove its
  // PostgreSQL cluster (LOUPE_E2E_DATABASE=postgres), which runs outside the process group.
  webServer: [
    {
      command: "tsx scripts/e2e-server.ts",
      url: `http://127.0.0.1:${PORT}/api/health`,
      timeout: 600_000,
      reuseExistingServer: false,
      gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
      stdout: "pipe",
      stderr: "pipe",
      env: {
        PORT: String(PORT),
        LOUPE_API_KEY: E2E_API_KEY,
        LOUPE_ADMIN_EMAIL: E2E_ADMIN.email,
        LOUPE_ADMIN_PASSWORD: E2E_ADMIN.password,
        // The webhook e2e test's receiver listens on 127.0.0.1.
        LOUPE_WEBHOOK_ALLOW_PRIVATE: "1",
        NEXT_TELEMETRY_DISABLED: "1",
        NODE_LLAMA_CPP_SKIP_DOWNLOAD: "true",
        // The small real model and its biased copy (the drift probes e2e), when the shared folder has it.
        ...(TEST_MODEL_PRESENT ? { LOUPE_LOCAL_MODEL: JSON.stringify(E2E_LOCAL_MODELS) } : {}),
      },
    },
    {
      command: "tsx scripts/e2e-server.ts",
      url: `${E2E_FRESH_URL}/api/health`,
      timeout: 120_000,
      reuseExistingServer: false,
      gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
      stdout: "pipe",
      stderr: "pipe",
      env: { PORT: String(PORT + 100), LOUPE_SKIP_BUILD: "1", NEXT_TELEMETRY_DISABLED: "1" },
    },
  ],
});

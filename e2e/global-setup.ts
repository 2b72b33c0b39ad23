import fs from "node:fs";
import path from "node:path";
import { request, type FullConfig } from "@playwright/test";
import { E2E_ADMIN, E2E_AUTH_STATE } from "../playwright.config";

/** Signs the e2e admin in through the real login endpoint and stores the session for the tests. */
export default async function globalSetup(config: FullConfig): Promise<void> {
  const baseURL = config.projects[0]?.use.baseURL as string;
  const context = await request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
  const response = await context.post("/api/auth/login", { data: E2E_ADMIN });
  if (!response.ok()) throw new Error(`e2e login failed: ${response.status()} ${await response.text()}`);
  fs.mkdirSync(path.dirname(E2E_AUTH_STATE), { recursive: true });
  await context.storageState({ path: E2E_AUTH_STATE });
  await context.dispose();
}

import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { E2E_ADMIN as ADMIN } from "../playwright.config";
import { expectNoAxeViolations } from "./axe";

/** Every dashboard page, found from the files, sends an anonymous visitor to the sign-in page. */
function dashboardPages(dir: string, base = ""): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) {
      const segment = entry.name.startsWith("[") ? "1" : entry.name;
      return dashboardPages(path.join(dir, entry.name), `${base}/${segment}`);
    }
    return entry.name === "page.tsx" ? [base || "/"] : [];
  });
}

test.describe("anonymous visitors", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  const pages = dashboardPages(path.resolve(__dirname, "../app/(dashboard)"));

  test("the page list covers the dashboard", () => {
    expect(pages).toEqual(expect.arrayContaining(["/", "/responses", "/responses/1", "/settings"]));
  });

  for (const pagePath of pages) {
    test(`${pagePath} redirects to sign-in`, async ({ page }) => {
      await page.goto(pagePath);
      await expect(page).toHaveURL(new RegExp(`/login\\?next=${encodeURIComponent(pagePath).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
    });
  }

  test("the read API refuses them too", async ({ request }) => {
    for (const endpoint of ["/api/v1/responses", "/api/v1/stats/kpis", "/api/v1/facets", "/api/v1/projects"]) {
      const response = await request.get(endpoint);
      expect(response.status(), endpoint).toBe(401);
    }
  });
});

test("pages carry a nonce-based Content-Security-Policy and hardening headers", async ({ page }) => {
  const response = await page.goto("/");
  const headers = response?.headers() ?? {};
  const csp = headers["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBeTruthy();
  // The app still runs under the policy: the overview renders its KPI tiles.
  await expect(page.getByTestId("kpi-tiles")).toBeVisible();
});

/**
 * Collects console errors (CSP violations among them) and uncaught page errors from now on,
 * except Chromium's report of the 404 status of `notFoundPath` itself, which is the point.
 */
function consoleErrors(page: Page, notFoundPath: string): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const location = message.location().url;
    const ownStatus = /status of 404/.test(message.text()) && location !== "" && new URL(location).pathname === notFoundPath;
    if (!ownStatus) errors.push(`${message.text()} (${location})`);
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

test.describe("signing in, signed out", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("the sign-in page passes axe, empty and with an error shown", async ({ page }) => {
    await page.goto("/login");
    await expect(page.getByTestId("login-email")).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByTestId("login-email").fill("nobody@loupe.test");
    await page.getByTestId("login-password").fill("not-the-password");
    await page.getByTestId("login-submit").click();
    await expect(page.getByTestId("login-error")).toBeVisible();
    await expectNoAxeViolations(page);
  });

  for (const next of ["/.//evil.example/phish", "/..//evil.example/x", "/%2e//evil.example/x"]) {
    test(`signing in with next=${next} stays on this site`, async ({ page, baseURL }) => {
      await page.goto(`/login?next=${encodeURIComponent(next)}`);
      await page.getByTestId("login-email").fill(ADMIN.email);
      await page.getByTestId("login-password").fill(ADMIN.password);
      await page.getByTestId("login-submit").click();
      await page.waitForURL((url) => url.pathname === "/");
      expect(new URL(page.url()).origin).toBe(new URL(baseURL as string).origin);
      // Signed in, the login page redirects straight on: same check on the server-side redirect.
      const response = await page.request.get(`/login?next=${encodeURIComponent(next)}`, { maxRedirects: 0 });
      expect(response.headers()["location"]).toBe("/");
    });
  }

  test("an unknown URL shows a working 404 page without console errors", async ({ page }) => {
    const errors = consoleErrors(page, "/no-such-page/here");
    const response = await page.goto("/no-such-page/here", { waitUntil: "networkidle" });
    expect(response?.status()).toBe(404);
    expect(errors).toEqual([]);
    await expect(page.getByTestId("not-found")).toBeVisible();
    await expectNoAxeViolations(page);
    // Client-side navigation works, so the page's scripts ran under the CSP.
    await page.getByTestId("not-found-home").click();
    await expect(page).toHaveURL(/\/login/);
    expect(errors).toEqual([]);
  });
});

test("a page whose session ends goes to sign in and names the way back", async ({ page }) => {
  await page.goto("/responses?project=default");
  await expect(page.getByTestId("responses-table")).toBeVisible();
  // Signed out elsewhere: the cookie is gone, the next poll answers 401.
  await page.context().clearCookies();
  await expect(page).toHaveURL(/\/login\?next=%2Fresponses%3Fproject%3Ddefault$/, { timeout: 20_000 });
});

test("an unknown URL shows a working 404 page to a signed-in user too", async ({ page }) => {
  const errors = consoleErrors(page, "/responses/1/nothing");
  const response = await page.goto("/responses/1/nothing", { waitUntil: "networkidle" });
  expect(response?.status()).toBe(404);
  expect(errors).toEqual([]);
  await expect(page.getByTestId("not-found")).toBeVisible();
  await page.getByTestId("not-found-home").click();
  await expect(page.getByTestId("kpi-tiles")).toBeVisible();
  expect(errors).toEqual([]);
});

test("an unknown API path answers 404 not_found as JSON, for any method", async ({ request }) => {
  for (const method of ["GET", "POST", "DELETE"] as const) {
    const response = await request.fetch("/api/v1/no-such-endpoint", { method, headers: { "content-type": "application/json" }, data: method === "GET" ? undefined : {} });
    expect(response.status(), method).toBe(404);
    expect(response.headers()["content-type"]).toMatch(/^application\/json/);
    expect((await response.json()).error.code).toBe("not_found");
  }
});

test("a method an API path does not serve answers 405 method_not_allowed as JSON", async ({ request }) => {
  for (const [method, path] of [["GET", "/api/v1/ingest"], ["DELETE", "/api/v1/responses"], ["POST", "/api/v1/stats/kpis"]] as const) {
    const response = await request.fetch(path, { method, headers: { "content-type": "application/json" }, data: method === "GET" ? undefined : {} });
    expect(response.status(), `${method} ${path}`).toBe(405);
    expect(response.headers()["content-type"]).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ error: { code: "method_not_allowed", message: `${method} is not served at ${path}` } });
  }
});

test("the sign-in throttle keys on the socket address: forged X-Forwarded-For or peer headers buy no attempts", async ({ playwright, baseURL }) => {
  // A fresh context without the admin's cookie; a made-up email, so the admin's own pair is untouched.
  const context = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL as string } });
  try {
    const email = `throttle-${Date.now()}@loupe.test`;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const response = await context.post("/api/auth/login", {
        data: { email, password: "wrong password" },
        headers: { "x-forwarded-for": `198.51.100.${i}`, "x-loupe-peer-address": `203.0.113.${i}` },
      });
      statuses.push(response.status());
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  } finally {
    await context.dispose();
  }
});

import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";

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

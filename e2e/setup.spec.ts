import { expect, test } from "@playwright/test";
import { E2E_FRESH_URL } from "../playwright.config";
import { expectNoAxeViolations } from "./axe";

/**
 * First run in a browser, on the second e2e server (an empty database, no admin from env):
 * every page sends the visitor to /setup, which passes axe, creates the instance admin and
 * signs them straight into the dashboard; afterwards /setup is closed.
 */
test.use({ storageState: { cookies: [], origins: [] }, baseURL: E2E_FRESH_URL });

test("a fresh instance sends the first visitor through /setup into the dashboard", async ({ page }) => {
  await page.goto("/responses");
  await expect(page).toHaveURL(/\/setup/);
  await expect(page.getByRole("heading", { level: 1, name: "Create the admin account" })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByTestId("setup-email").fill("first@loupe.test");
  await page.getByTestId("setup-name").fill("First Admin");
  await page.getByTestId("setup-password").fill("first-admin-password");
  await page.getByTestId("setup-confirm").fill("not-the-same-password");
  await page.getByTestId("setup-submit").click();
  await expect(page.getByTestId("setup-error")).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByTestId("setup-confirm").fill("first-admin-password");
  await page.getByTestId("setup-submit").click();
  await expect(page).toHaveURL(new RegExp(`^${E2E_FRESH_URL}/(\\?.*)?$`));
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();

  // Set up once: /setup now sends a signed-in admin away instead of offering a second admin.
  await page.goto("/setup");
  await expect(page).not.toHaveURL(/\/setup/);
});

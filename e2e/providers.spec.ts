import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "./axe";

/**
 * Settings → Providers in real Chromium, signed in as the instance admin: add a provider with
 * a key, see it listed (from Settings, key set) without the key anywhere in the page or the API,
 * test its connection (nothing listens there: a clear "cannot reach"), edit and delete it; and
 * the project's proxy top_logprobs.
 */
const KEY = "sk-e2e-provider-secret-5a4b3c2d1e";

test("an admin adds, tests, edits and deletes a provider whose key never reaches the browser", async ({ page }) => {
  await page.goto("/settings");
  const section = page.getByTestId("providers");
  await expect(section).toBeVisible();
  await section.getByTestId("provider-add").click();
  await section.getByTestId("provider-id").fill("e2e-down");
  await section.getByTestId("provider-base-url").fill("http://127.0.0.1:9/v1");
  await section.getByTestId("provider-preset").selectOption("vllm");
  await section.getByTestId("provider-api-key").fill(KEY);
  await section.getByTestId("provider-models").fill("m-one, m-two");
  await section.getByTestId("provider-save").click();

  const row = section.locator('[data-testid="provider-row"][data-provider-id="e2e-down"]');
  await expect(row).toBeVisible();
  await expect(row.getByTestId("provider-source")).toHaveText("Settings");
  await expect(row.getByTestId("provider-key")).toHaveText("set");
  await expect(row.getByTestId("provider-limits")).toContainText("top_logprobs ≤ 20 · prompt logprobs");

  await row.getByTestId("provider-test").click();
  await expect(section.getByTestId("provider-test-result")).toContainText("cannot reach provider e2e-down at http://127.0.0.1:9/v1");

  expect(await page.content()).not.toContain(KEY);
  const html = await (await page.request.get("/settings")).text();
  expect(html).toContain("Settings");
  expect(html).not.toContain(KEY);
  const api = await (await page.request.get("/api/v1/providers")).text();
  expect(api).toContain("e2e-down");
  expect(api).not.toContain(KEY);

  await row.getByTestId("provider-edit").click();
  await expect(section.getByTestId("provider-api-key")).toHaveValue("");
  await expectNoAxeViolations(page);
  await expect(section.getByTestId("provider-api-key")).toHaveAttribute("placeholder", /leave blank to keep/);
  await section.getByTestId("provider-models").fill("m-three");
  await section.getByTestId("provider-save").click();
  await expect(row).toContainText("m-three");
  await expect(row.getByTestId("provider-key")).toHaveText("set");

  page.once("dialog", (dialog) => void dialog.accept());
  await row.getByTestId("provider-delete").click();
  await expect(row).toHaveCount(0);
});

test("a project admin sets the proxy's top_logprobs", async ({ page }) => {
  await page.goto("/settings?project=default");
  const card = page.getByTestId("proxy-settings");
  await expect(card.getByTestId("proxy-top-logprobs")).toHaveValue("5");
  await card.getByTestId("proxy-top-logprobs").fill("8");
  await card.getByTestId("proxy-save").click();
  await expect(card.getByRole("status")).toHaveText("Saved.");
  await page.reload();
  await expect(page.getByTestId("proxy-top-logprobs")).toHaveValue("8");
  await page.getByTestId("proxy-top-logprobs").fill("5");
  await page.getByTestId("proxy-save").click();
  await expect(page.getByTestId("proxy-settings").getByRole("status")).toHaveText("Saved.");
});

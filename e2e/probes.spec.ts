import { expect, test } from "@playwright/test";
import { NO_TEST_MODEL, testModelTitle } from "../tests/sharedFixtures";
import { expectNoAxeViolations } from "./axe";
import { expectNoSidewaysScroll } from "./layout";

/**
 * Drift probes in real Chromium on the real small model (provider `local`, served in-process by
 * the e2e server): create a probe set on /probes, take its baseline, run it against the biased
 * copy of the model, and see the KL chart, the model drift label and alert, and the position
 * that moved most (the first divergence) rendered with the token view's TokenText. axe clean;
 * no sideways scroll at 390 px.
 */
test.skip(NO_TEST_MODEL, "no test model (set LOUPE_TEST_MODEL or the shared folder)");

test(testModelTitle("create a probe set, run it against the biased model, see the drift"), async ({ page }) => {
  const name = `stories drift ${Date.now()}`;
  await page.goto("/probes");
  await expect(page.getByRole("heading", { name: "Drift probes" })).toBeVisible();
  const form = page.getByTestId("probe-create-form");
  await form.getByLabel("Name").fill(name);
  await expect(form.getByLabel("Provider")).toHaveValue("local");
  await expect(form.getByLabel("Model")).toHaveValue("stories260K");
  await form.getByLabel("Prompts (one per line)").fill("Once upon a time\nOnce upon a time, there was a little girl named");
  await form.getByLabel("Max tokens per answer").fill("24");
  await form.getByTestId("probe-create").click();
  await expect(form.getByTestId("probe-create-message")).toHaveText(`Created “${name}”.`);
  await expectNoAxeViolations(page);

  await page.getByTestId("probe-set-link").filter({ hasText: name }).click();
  await expect(page.getByTestId("probe-set-name")).toHaveText(name);
  await expect(page.getByText("top_logprobs 20")).toBeVisible();

  await page.getByTestId("probe-run-now").click();
  await expect(page.getByTestId("probe-run-message")).toContainText("is the baseline");
  await page.getByLabel(/^Model \(empty/).fill("stories260K-biased");
  await page.getByTestId("probe-run-now").click();
  await expect(page.getByTestId("probe-run-message")).toContainText("model drift alert raised");

  const rows = page.getByTestId("probe-run-row");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0).getByTestId("probe-run-label")).toHaveText("model drift");
  await expect(rows.nth(0).getByTestId("probe-run-alert")).toHaveText("model drift alert");
  await expect(rows.nth(1).getByTestId("probe-run-label")).toHaveText("baseline");

  const chart = page.getByTestId("probe-kl-chart");
  await expect(chart).toBeVisible();
  await expect(chart.locator(".recharts-line")).toHaveCount(2);
  await expect(chart.getByText("threshold 0.1")).toBeVisible();

  const moved = page.getByTestId("probe-moved-position").first();
  await expect(moved.getByTestId("probe-first-divergence")).toBeVisible();
  const baselineTokens = moved.getByTestId("probe-token-text").first();
  const outlined = baselineTokens.locator("[data-evidence]");
  await expect(outlined).toContainText("Lily");
  await outlined.hover();
  const popover = page.locator('[id^="probe-token-popover-"]');
  await expect(popover).toBeVisible();
  await expect(popover).toContainText("Evidence of drift probe: KL");
  await page.mouse.move(0, 0);
  await expectNoAxeViolations(page);

  // The alert is in the feed, and links back to its probe set.
  await page.goto("/alerts?detector=modelDrift");
  await page.getByTestId("alert-link").first().click();
  await expect(page.getByTestId("probe-set-name")).toHaveText(name);

  await page.setViewportSize({ width: 390, height: 844 });
  await expect(chart).toBeVisible();
  await expectNoSidewaysScroll(page);
  await page.goto("/probes");
  await expectNoSidewaysScroll(page);
});

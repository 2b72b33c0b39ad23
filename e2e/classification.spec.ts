import { expect, test } from "@playwright/test";
import { E2E_API_KEY } from "../playwright.config";
import { expectNoAxeViolations } from "./axe";
import { expectNoSidewaysScroll } from "./layout";

/**
 * Issue 11: a classification task on ingested labelled responses. Eight responses whose first
 * token is " Yes"/"no" with p(yes) below; ground truth makes four of the five at ≥ 0.7 right, so
 * accepting at t = 0.70 routes 3 of 8 (38%) and keeps a precision of 4/5 (80%).
 */
const P_YES = [0.95, 0.9, 0.85, 0.8, 0.75, 0.65, 0.6, 0.55];
const TRUTH = ["yes", "yes", "yes", "no", "yes", "yes", "no", "yes"];

test("a classification task: background scoring, ground truth with a bad line, reliability diagram and PR curve with a chosen threshold", async ({ page, request }) => {
  const run = Date.now();
  const tag = `intent-${run}`;
  const ids = P_YES.map((_, i) => `clf-${run}-${i}`);
  const ingest = await request.post("/api/v1/ingest", {
    headers: { authorization: `Bearer ${E2E_API_KEY}`, "content-type": "application/x-ndjson" },
    data: P_YES.map((p, i) => JSON.stringify({
      id: ids[i], model: "clf-e2e", timestamp: run - (P_YES.length - i) * 60_000, tags: [tag],
      response: { tokens: [{ token: " Yes", logprob: Math.log(p), top: [{ token: " Yes", logprob: Math.log(p) }, { token: "no", logprob: Math.log(1 - p) }] }] },
    })).join("\n"),
  });
  expect(ingest.ok()).toBe(true);
  const responseIds = ((await ingest.json()) as { results: Array<{ id: number }> }).results.map((r) => r.id);

  await page.goto("/classification?project=default");
  await expect(page.getByRole("heading", { level: 1, name: "Classification" })).toBeVisible();
  await page.getByTestId("task-name").fill(`Intent ${run}`);
  await page.getByTestId("task-labels").fill("yes, no");
  await page.getByTestId("task-tag").fill(tag);
  await page.getByTestId("task-create").click();
  await page.getByRole("link", { name: `Intent ${run}` }).click();

  await expect(page.getByRole("heading", { level: 1, name: `Intent ${run}` })).toBeVisible();
  await expect(page.getByTestId("scoring-progress")).toHaveAttribute("data-status", "ready", { timeout: 20_000 });
  await expect(page.getByTestId("scoring-progress")).toContainText("scored 8 of 8");
  await expect(page.getByTestId("calibration-empty")).toBeVisible();

  const csv = ["external_id,label", ...ids.map((id, i) => `${id},${TRUTH[i]}`), `${ids[0]},perhaps`].join("\n");
  await page.getByTestId("truth-content").fill(csv);
  await page.getByTestId("truth-submit").click();
  await expect(page.getByTestId("truth-result")).toContainText("8 labels applied, 1 line refused");
  await expect(page.getByTestId("truth-errors")).toContainText('line 10: "perhaps" is not one of the task\'s labels');

  // Reliability diagram: a bar per non-empty bin, and the figures before/after scaling.
  await expect(page.getByTestId("calibration-summary")).toContainText("n = 8 · accuracy 0.750");
  await expect(page.getByTestId("reliability-diagram").locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.getByTestId("calibration-table")).toContainText("Temperature-scaled");

  // PR curve with a chosen threshold, its marker and what it routes.
  await expect(page.getByTestId("pr-curve").locator(".recharts-line-curve")).toBeVisible();
  await page.getByTestId("threshold-slider").fill("0.7");
  await expect(page.getByTestId("threshold-readout")).toHaveText("t = 0.70: routed 38% · precision kept 80% · recall 67%");
  await expect(page.getByTestId("pr-curve").locator(".threshold-marker, .recharts-reference-dot").first()).toBeVisible();
  await page.getByTestId("curve-view").selectOption("roc");
  await expect(page.getByTestId("roc-curve").locator(".recharts-line-curve")).toBeVisible();
  await expect(page.getByTestId("roc-curve").locator(".threshold-marker, .recharts-reference-dot").first()).toBeVisible();
  await page.getByTestId("curve-view").selectOption("pr");
  await page.getByTestId("target-precision").fill("0.8");
  await expect(page.getByTestId("operating-point")).toContainText("Operating point t = 0.650: 25% routed, precision kept 83%.");
  await expect(page.getByTestId("panel-shift")).toContainText("current n = 8");
  await expect(page.getByTestId("shift-empty")).toContainText("No scored responses in the reference window");

  await expectNoAxeViolations(page);
  await page.screenshot({ path: "docs/screenshots/classification.png", fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByTestId("pr-curve")).toBeVisible();
  await expectNoSidewaysScroll(page);
  await page.goto("/classification?project=default");
  await expect(page.getByTestId("task-row").first()).toBeVisible();
  await expectNoSidewaysScroll(page);

  // Ground truth set in the token view: the fourth response (p(yes) 0.8, labelled "no") becomes "yes".
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(`/responses/${responseIds[3]}?project=default`);
  const card = page.getByTestId("response-classification").filter({ hasText: `Intent ${run}` });
  await expect(card).toContainText("predicted yes · confidence 0.800");
  await expect(card.getByTestId("response-truth")).toHaveValue("no");
  await card.getByTestId("response-truth").selectOption("yes");
  await card.getByTestId("response-truth-save").click();
  await expect(card.getByRole("status")).toHaveText("Saved.");
  await page.goto("/classification?project=default");
  await page.getByRole("link", { name: `Intent ${run}` }).click();
  await expect(page.getByTestId("calibration-summary")).toContainText("n = 8 · accuracy 0.875");
});

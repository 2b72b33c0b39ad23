import { expect, test, type APIRequestContext } from "@playwright/test";
import { E2E_API_KEY } from "../playwright.config";
import { expectNoAxeViolations } from "./axe";
import { expectNoSidewaysScroll } from "./layout";

/**
 * The /alerts page on alerts the detectors stored at ingest: filters, live refresh, bulk
 * acknowledge, and the token view outlining exactly the evidence tokens of the alert it came from.
 */
// Letters only: a digit would be an uncertain number (and add uncertainEntity and hallucinationScore).
const low = (i: number) => ({ token: ` w${"abcdefghi"[i]}`, logprob: -4 });
// 2 confident tokens, a run of 9 at -4 (positions 2..10), 1 confident: avg -3.025, so
// sustainedLowConfidence, lowAvgLogprob, highPerplexity (20.6) and lowConfidenceRatio (0.75).
const sustained = [{ token: "Start", logprob: -0.1 }, { token: " here", logprob: -0.1 }, ...Array.from({ length: 9 }, (_, i) => low(i)), { token: ".", logprob: -0.1 }];
const drop = [{ token: "ok", logprob: -0.01 }, { token: " no", logprob: -8 }];

async function ingest(request: APIRequestContext, id: string, model: string, tokens: Array<{ token: string; logprob: number }>) {
  const response = await request.post("/api/v1/ingest", { headers: { authorization: `Bearer ${E2E_API_KEY}` }, data: { id, model, response: { tokens } } });
  expect(response.ok()).toBe(true);
  return ((await response.json()) as { results: Array<{ id: number }> }).results[0]?.id as number;
}

test("filter, live refresh, bulk acknowledge and the evidence outline", async ({ page, request }) => {
  const stamp = Date.now();
  const model = `alerts-e2e-${stamp}`;
  const sustainedId = await ingest(request, `${model}-a`, model, sustained);
  await ingest(request, `${model}-b`, model, drop);

  await page.goto(`/alerts?project=default&model=${model}`);
  const rows = page.getByTestId("alert-row");
  // drop: lowAvgLogprob, highPerplexity, lowConfidenceRatio, suddenDrops; sustained: the same but suddenDrops, plus sustainedLowConfidence
  await expect(rows).toHaveCount(8);
  await expectNoAxeViolations(page);

  await page.getByTestId("alerts-detector").selectOption("sustainedLowConfidence");
  await expect(page).toHaveURL(/detector=sustainedLowConfidence/);
  await expect(rows).toHaveCount(1);
  await page.getByTestId("alerts-detector").selectOption("");
  await expect(rows).toHaveCount(8);

  // Live: a new response's alerts appear without a reload.
  await ingest(request, `${model}-c`, model, drop);
  await expect(rows).toHaveCount(12, { timeout: 15_000 });

  // Bulk: select all, acknowledge; the open list empties, the acknowledged list has them all.
  await page.getByTestId("alerts-select-all").check();
  await expect(page.getByTestId("alerts-selected")).toHaveText("12 selected");
  await page.getByTestId("alerts-mark-acknowledged").click();
  await expect(page.getByTestId("alerts-message")).toHaveText("12 alerts marked acknowledged.");
  await expect(page.getByTestId("alerts-empty")).toBeVisible();
  await page.getByTestId("alerts-status").selectOption("acknowledged");
  await expect(rows).toHaveCount(12);
  await expect(page.locator('[data-testid="alert-row"][data-status="acknowledged"]')).toHaveCount(12);
  const api = await request.get(`/api/v1/alerts?model=${model}&status=open`, { headers: { authorization: `Bearer ${E2E_API_KEY}` } });
  expect(((await api.json()) as { data: unknown[] }).data).toEqual([]);

  // The row's link opens the token view with exactly the run outlined.
  await page.locator('[data-testid="alert-row"][data-detector="sustainedLowConfidence"]').getByTestId("alert-link").click();
  await expect(page).toHaveURL(new RegExp(`/responses/${sustainedId}\\?.*alert=\\d+`));
  await expect(page.getByTestId("evidence-caption")).toHaveText("Outlined: the 9 tokens where sustained low confidence fired.");
  const outlined = page.locator("[data-evidence]");
  await expect(outlined).toHaveCount(9);
  expect(await outlined.evaluateAll((spans) => spans.map((span) => Number((span as HTMLElement).dataset.index)))).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
  await expect(outlined.first()).toHaveAttribute("data-evidence", "sustained low confidence");
  await outlined.nth(3).hover();
  await expect(page.getByTestId("popover-evidence")).toHaveText("Evidence of sustained low confidence");
  await page.getByTestId("token").first().hover();
  await expect(page.getByTestId("popover-evidence")).toHaveCount(0);
  // Another detector of the same response: highPerplexity has no single tokens.
  await page.locator('[data-testid="detector-alert"][data-detector="highPerplexity"]').click();
  await expect(page.locator("[data-evidence]")).toHaveCount(0);
  await expect(page.getByTestId("evidence-caption")).toHaveText("high perplexity fired on the response as a whole (no single tokens).");
  await expectNoAxeViolations(page);
});

test.describe("at 390 px", () => {
  test.use({ viewport: { width: 390, height: 844 } });
  test("the alerts page does not scroll sideways and passes axe", async ({ page, request }) => {
    const model = `alerts-e2e-narrow-${Date.now()}-with-a-rather-long-model-name`;
    await ingest(request, `${model}-a`, model, sustained);
    await page.goto(`/alerts?project=default&model=${model}`);
    await expect(page.getByTestId("alert-row")).toHaveCount(4);
    await expectNoSidewaysScroll(page);
    await expectNoAxeViolations(page);
  });
});

test("Back to another filter starts from its newest page, not at the page walked under the newer filter", async ({ page, request }) => {
  const model = `alerts-paging-${Date.now()}`;
  const records = Array.from({ length: 30 }, (_, i) => ({ id: `${model}-${i}`, model, response: { tokens: drop } }));
  const response = await request.post("/api/v1/ingest", { headers: { authorization: `Bearer ${E2E_API_KEY}` }, data: { records } });
  expect(response.ok()).toBe(true);
  // Four alerts each (low avg logprob, high perplexity, low-confidence share, sudden drops): three pages of 50.
  await page.goto(`/alerts?project=default&model=${model}`);
  const rows = page.getByTestId("alert-row");
  await expect(rows).toHaveCount(50);
  await page.getByTestId("alerts-status").selectOption("open");
  await expect(page).toHaveURL(/[?&]status=open/);
  await page.getByTestId("alerts-older").click();
  await expect(page.getByTestId("alerts-newer")).toBeEnabled();
  await page.getByTestId("alerts-older").click();
  await expect(rows).toHaveCount(20);
  await page.goBack();
  await expect(page).not.toHaveURL(/[?&]status=open/);
  await expect(page.getByTestId("alerts-newer")).toBeDisabled();
  await expect(rows).toHaveCount(50);
});

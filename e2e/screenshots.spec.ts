import { expect, test } from "@playwright/test";

/** Screenshots for the README (docs/screenshots), taken from the seeded demo data. */
test("explorer and token view screenshots", async ({ page }) => {
  await page.goto("/responses?project=demo&sort=perplexity&order=desc");
  await expect(page.getByTestId("response-row").first()).toBeVisible();
  await page.screenshot({ path: "docs/screenshots/responses.png" });

  // A somewhat uncertain demo response (stories260K sampling a story at temperature 0.8) of the
  // demo's longer length, read through the dashboard's own cookie (the API key belongs to the
  // default project).
  const fromPage = await page.evaluate(async () => {
    const response = await fetch("/api/v1/responses?project=demo&tag=t%3D0.8&maxAvgLogprob=-0.8&limit=20");
    return (await response.json()) as { data: Array<{ id: number; metrics: { tokenCount: number } }> };
  });
  const pick = fromPage.data.find((row) => row.metrics.tokenCount >= 30) ?? fromPage.data[0];
  expect(pick).toBeDefined();
  await page.goto(`/responses/${pick!.id}?project=demo#t=5`);
  await expect(page.getByTestId("token-popover")).toBeVisible();
  await page.screenshot({ path: "docs/screenshots/token-view.png" });
});

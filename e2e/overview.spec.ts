import { expect, test } from "@playwright/test";
import { E2E_API_KEY } from "../playwright.config";

/** The overview against the seeded demo database, and live refresh after an ingest. */
test("overview shows all four panels and the KPI tiles from the seeded database", async ({ page }) => {
  await page.goto("/?project=demo&range=14d");
  await expect(page.getByTestId("kpi-responses")).not.toContainText("…");
  const responses = Number((await page.getByTestId("kpi-responses").locator("div").nth(1).innerText()).replace(/[^\d]/g, ""));
  expect(responses).toBeGreaterThan(2000);
  await expect(page.getByTestId("panel-timeseries").locator(".recharts-line-curve").first()).toBeVisible();
  await expect(page.getByTestId("panel-histogram").locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.getByTestId("panel-heatmap").getByRole("cell").first()).toBeVisible();
  await expect(page.getByTestId("alert-item").first()).toBeVisible();

  await page.screenshot({ path: "docs/screenshots/overview.png", fullPage: true });

  // Hovering a heatmap cell reports its counts.
  await page.getByTestId("panel-heatmap").getByRole("cell").nth(5).hover();
  await expect(page.getByTestId("heatmap-hover")).toContainText("tokens");
});

test("a response ingested through the API shows up on the overview without reload", async ({ page, request }) => {
  await page.goto("/?project=default&range=1h");
  await expect(page.getByTestId("kpi-responses")).not.toContainText("…");
  const before = Number((await page.getByTestId("kpi-responses").locator("div").nth(1).innerText()).replace(/[^\d]/g, "")) || 0;

  const id = `overview-live-${Date.now()}`;
  const response = await request.post("/api/v1/ingest", {
    headers: { authorization: `Bearer ${E2E_API_KEY}` },
    data: {
      id,
      model: "live-model",
      response: { tokens: [{ token: "Hello", logprob: -0.2 }, { token: " there", logprob: -9 }] },
    },
  });
  expect(response.ok()).toBe(true);

  await expect(page.getByTestId("kpi-responses").locator("div").nth(1)).toHaveText(String(before + 1), { timeout: 12_000 });
  await expect(page.getByTestId("panel-alerts")).toContainText("live-model", { timeout: 12_000 });
});

test("overview filters round-trip through the URL", async ({ page }) => {
  await page.goto("/?project=demo");
  await page.getByTestId("filter-range").selectOption("24h");
  await page.getByTestId("filter-model").selectOption("gpt-4o-mini");
  await expect(page).toHaveURL(/range=24h/);
  await expect(page).toHaveURL(/model=gpt-4o-mini/);
  await page.reload();
  await expect(page.getByTestId("filter-range")).toHaveValue("24h");
  await expect(page.getByTestId("filter-model")).toHaveValue("gpt-4o-mini");
  await expect(page.getByTestId("panel-timeseries")).toContainText("gpt-4o-mini");
  await expect(page.getByTestId("panel-timeseries")).not.toContainText("qwen2.5:7b");
});

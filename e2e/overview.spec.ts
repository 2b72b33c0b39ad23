import { expect, test, type Page } from "@playwright/test";
import { E2E_API_KEY } from "../playwright.config";
import { expectNoAxeViolations } from "./axe";
import { expectNoSidewaysScroll } from "./layout";

/** The overview against the seeded demo database, and live refresh after an ingest. */
test("overview shows all four panels and the KPI tiles from the seeded database", async ({ page }) => {
  await page.goto("/?project=demo&range=14d");
  await expect(page.getByTestId("kpi-responses")).not.toContainText("…");
  const responses = Number((await page.getByTestId("kpi-responses").locator("div").nth(1).innerText()).replace(/[^\d]/g, ""));
  expect(responses).toBeGreaterThanOrEqual(1200); // the demo: 1,200 real stories260K generations over 14 days
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
  // The project must hold a response first: an empty project shows its setup help, not the KPIs
  // (and this spec may run before any other has written to the default project).
  const seeded = await request.post("/api/v1/ingest", {
    headers: { authorization: `Bearer ${E2E_API_KEY}` },
    data: { id: `overview-live-seed-${Date.now()}`, model: "live-model", response: { tokens: [{ token: "Hi", logprob: -0.1 }] } },
  });
  expect(seeded.ok()).toBe(true);
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
  await page.getByTestId("filter-model").selectOption("stories260K");
  await page.getByTestId("filter-tag").selectOption("completion");
  await expect(page).toHaveURL(/range=24h/);
  await expect(page).toHaveURL(/model=stories260K/);
  await expect(page).toHaveURL(/tag=completion/);
  await page.reload();
  await expect(page.getByTestId("filter-range")).toHaveValue("24h");
  await expect(page.getByTestId("filter-model")).toHaveValue("stories260K");
  await expect(page.getByTestId("filter-tag")).toHaveValue("completion");
  const timeseries = page.getByTestId("panel-timeseries");
  await expect(timeseries.getByTestId("legend-entry")).toHaveText(["stories260K"]);
  // By tag, the filter keeps legacy completions only: their tags, never the chat requests'.
  await timeseries.getByRole("button", { name: "by tag" }).click();
  await expect(timeseries.getByTestId("legend-entry").filter({ hasText: /^completion$/ })).toHaveCount(1);
  await expect(timeseries.getByTestId("legend-entry").filter({ hasText: /^chat$/ })).toHaveCount(0);
  // The charts' own choices survive a reload too.
  await page.getByTestId("histogram-metric").selectOption("perplexity");
  await expect(page).toHaveURL(/groupBy=tag/);
  await expect(page).toHaveURL(/metric=perplexity/);
  await page.reload();
  await expect(page.getByTestId("histogram-metric")).toHaveValue("perplexity");
  await expect(timeseries.getByRole("button", { name: "by tag" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("filter-tag")).toHaveValue("completion");
});

test("a custom range over 366 days is refused in the picker, not sent", async ({ page }) => {
  await page.goto("/?project=demo");
  await page.getByTestId("filter-range").selectOption("custom");
  await expect(page.getByTestId("filter-from")).toBeVisible();
  await page.getByTestId("filter-from").fill("2024-01-01T00:00");
  await page.getByTestId("filter-to").fill("2025-06-01T00:00");
  await expect(page.getByTestId("custom-range-error")).toHaveText("A range spans at most 366 days.");
  await expect(page).not.toHaveURL(/from=2024/);
  await page.getByTestId("filter-to").fill("2024-12-01T00:00");
  await expect(page.getByTestId("custom-range-error")).toHaveCount(0);
  await expect(page).toHaveURL(/from=2024/);
});

/** Issue 7 (items 15, 17, 18, 20, 23, 24, 25): what an attacker, real payloads and a new user found. */
const kpiValue = (page: Page, key: string) => page.getByTestId(`kpi-${key}`).getByTestId("kpi-value");

async function newProject(page: Page, name: string): Promise<string> {
  // Called after a page load: the request carries the session and the page's origin (CSRF check).
  const response = await page.request.post("/api/v1/projects", { data: { name }, headers: { origin: new URL(page.url()).origin } });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

test("the overview has an h1, passes axe-core, and its heatmap counts are reachable by keyboard", async ({ page }) => {
  await page.goto("/?project=demo&range=14d");
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await expect(kpiValue(page, "responses")).not.toHaveText("…");
  await expect(page.getByTestId("heatmap-cell").first()).toBeVisible();
  await expect(page.getByTestId("panel-timeseries").locator(".recharts-line-curve").first()).toBeVisible();
  await expectNoAxeViolations(page);

  // One cell is in the tab order; arrows move; the focused cell's counts are read out.
  const first = page.getByTestId("heatmap-cell").first();
  await expect(first).toHaveAttribute("tabindex", "0");
  await first.focus();
  await expect(page.getByTestId("heatmap-hover")).toContainText(/positions .*: [\d,]+ of [\d,]+ tokens/);
  await page.keyboard.press("ArrowRight");
  await expect(page.getByTestId("heatmap-cell").nth(1)).toBeFocused();
  await expect(page.getByTestId("heatmap-cell").nth(1)).toContainText(/of [\d,]+ tokens/);
  // Every row says how many tokens it holds.
  await expect(page.getByTestId("heatmap-row-total").first()).toHaveText(/\d/);
});

test("KPI definitions open on keyboard focus, with probability figures and one minus sign", async ({ page }) => {
  await page.goto("/?project=demo&range=14d");
  const tile = page.getByTestId("kpi-meanAvgLogprob");
  await expect(tile.getByTestId("kpi-value")).toHaveText(/^\u2212\d\.\d{3}$/);
  await expect(tile.getByTestId("kpi-probability")).toContainText(/typical token p \d+(\.\d+)?% · lowest/);
  const term = tile.getByText("Mean avgLogprob", { exact: true });
  await term.focus();
  await expect(tile.getByRole("tooltip")).toBeVisible();
  await expect(tile.getByRole("tooltip")).toContainText("nats");
  // No hyphen-minus in front of a number anywhere on the page.
  expect(await page.locator("main").innerText()).not.toMatch(/(^|[\s(=])-\d/m);
});

test("responses outside the range are offered instead of 'nothing here' (provider timestamps from 2024)", async ({ page, request }) => {
  const model = `old-model-${Date.now()}`;
  const ingest = await request.post("/api/v1/ingest", {
    headers: { authorization: `Bearer ${E2E_API_KEY}` },
    data: { model, timestamp: "2024-12-09T10:00:00Z", response: { tokens: [{ token: "Old", logprob: -0.3 }] } },
  });
  expect(ingest.ok()).toBe(true);
  await page.goto(`/?project=default&model=${model}`);
  const hint = page.getByTestId("range-hint");
  await expect(hint).toHaveText(/1 response outside this range \(latest 2024-12-09\)/);
  await hint.getByRole("button", { name: "show it" }).click();
  await expect(page).toHaveURL(/[?&]from=2024-12-09/);
  await expect(kpiValue(page, "responses")).toHaveText("1");

  // The explorer's empty state offers the same.
  await page.goto(`/responses?project=default&model=${model}`);
  await expect(page.getByTestId("responses-empty").getByTestId("range-hint")).toBeVisible();
});

test("an empty project shows setup help, not a 0–400% axis, and passes axe-core", async ({ page }) => {
  await page.goto("/?project=demo");
  const project = await newProject(page, `Empty ${Date.now()}`);
  await page.goto(`/?project=${project}`);
  await expect(page.getByTestId("empty-project")).toBeVisible();
  await expect(page.getByTestId("ingest-snippet")).toContainText("/api/v1/ingest");
  await expect(page.getByTestId("empty-project-keys")).toHaveAttribute("href", `/settings?project=${project}`);
  await expect(page.getByTestId("panel-histogram")).toHaveCount(0);
  await expectNoAxeViolations(page);
});

test("a server outage keeps the last data, marked stale, and recovers", async ({ page }) => {
  await page.goto("/?project=demo&range=14d");
  await expect(kpiValue(page, "responses")).not.toHaveText("…");
  await expect(page.getByTestId("alert-item").first()).toBeVisible();
  const before = await kpiValue(page, "responses").innerText();

  await page.route("**/api/v1/**", (route) => route.abort("connectionrefused"));
  await expect(page.getByTestId("panel-alerts").getByTestId("panel-stale")).toContainText("Connection lost — retrying", { timeout: 20_000 });
  await expect(kpiValue(page, "responses")).toHaveText(before);
  await expect(page.getByTestId("alert-item").first()).toBeVisible();
  await expect(page.getByText("Failed to fetch")).toHaveCount(0);

  await page.unroute("**/api/v1/**");
  await expect(page.getByTestId("panel-stale")).toHaveCount(0, { timeout: 20_000 });
});

test("the time-series legend hides and shows a series; the histogram legend is readable", async ({ page }) => {
  await page.goto("/?project=demo&range=14d");
  // The demo has one model; by tag it has a series per temperature, endpoint and topic.
  await page.getByTestId("panel-timeseries").getByRole("button", { name: "by tag" }).click();
  const legend = page.getByTestId("panel-timeseries").getByTestId("legend-entry");
  await expect(legend.filter({ hasText: /^t=1\.3$/ })).toHaveCount(1);
  await expect(legend.first()).toBeVisible();
  const lines = page.getByTestId("panel-timeseries").locator(".recharts-line-curve");
  const shown = await lines.count();
  expect(shown).toBeGreaterThan(1);
  await legend.first().click();
  await expect(legend.first()).toHaveAttribute("aria-pressed", "false");
  await expect(lines).toHaveCount(shown - 1);
  await legend.first().click();
  await expect(lines).toHaveCount(shown);
});

test("navigation keeps the project on every link, Settings included", async ({ page }) => {
  await page.goto("/?project=demo&range=30d");
  await expect(page.getByTestId("nav-settings")).toHaveAttribute("href", "/settings?project=demo");
  await expect(page.getByTestId("nav-responses")).toHaveAttribute("href", "/responses?project=demo&range=30d");
});

test.describe("at 390 px", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the overview does not scroll sideways and the nav opens from a menu", async ({ page }) => {
    await page.goto("/?project=demo&range=14d");
    await expect(kpiValue(page, "responses")).not.toHaveText("…");
    await expect(page.getByTestId("panel-timeseries").locator(".recharts-line-curve").first()).toBeVisible();
    await expectNoSidewaysScroll(page);
    await expect(page.getByTestId("sign-out")).toBeInViewport();
    await page.getByTestId("nav-menu").click();
    const settings = page.locator("#mobile-nav").getByTestId("nav-settings");
    await expect(settings).toBeVisible();
    await expect(settings).toHaveAttribute("href", "/settings?project=demo");
    await expectNoAxeViolations(page);
  });
});

test("the heatmap stays in the tab order when a filter leaves fewer rows than the focused one", async ({ page, request }) => {
  const stamp = Date.now();
  const long = `heatmap-long-${stamp}`;
  const short = `heatmap-short-${stamp}`;
  const tokens = (n: number) => Array.from({ length: n }, (_, i) => ({ token: ` t${i}`, logprob: -0.2 }));
  for (const [model, n] of [[long, 60], [short, 3]] as const) {
    const response = await request.post("/api/v1/ingest", { headers: { authorization: `Bearer ${E2E_API_KEY}` }, data: { id: model, model, response: { tokens: tokens(n) } } });
    expect(response.ok()).toBe(true);
  }
  await page.goto(`/?project=default&model=${long}`);
  const table = page.getByTestId("heatmap-table");
  await expect(table.locator("tbody tr")).toHaveCount(6);
  await table.getByTestId("heatmap-cell").first().focus();
  for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowDown");
  await expect(table.locator('[data-cell="5-0"]')).toBeFocused();
  await page.getByTestId("filter-model").selectOption(short);
  await expect(table.locator("tbody tr")).toHaveCount(1);
  // One cell is still the table's tab stop, and the arrow keys work from it.
  await expect(table.locator('[tabindex="0"]')).toHaveCount(1);
  await table.locator('[tabindex="0"]').focus();
  await page.keyboard.press("ArrowRight");
  await expect(table.locator('[data-cell="0-1"]')).toBeFocused();
});

import { expect, test, type APIRequestContext } from "@playwright/test";
import { E2E_API_KEY } from "../playwright.config";
import { chatCompletion, type Entry } from "./payloads";

/**
 * A long response's tokens arrive in pages of 2,000 (GET /api/v1/responses/{id}?tokens=…):
 * the view loads the next page as the reader nears the end, and a #t= link past the first
 * page still lands on its token.
 */
const RUN = Date.now().toString(36);
const TOKENS = 5_000;

async function ingestLong(request: APIRequestContext, name: string): Promise<number> {
  const entries: Entry[] = Array.from({ length: TOKENS }, (_, i) => ({ token: ` w${i}`, logprob: i === 4_321 ? -5 : -0.1, top: [[` w${i}`, -0.1], [" x", -2.5]] }));
  const response = await request.post("/api/v1/ingest", {
    headers: { Authorization: `Bearer ${E2E_API_KEY}` },
    data: { id: `e2e-token-pages-${name}-${RUN}`, response: chatCompletion(`chatcmpl-pages-${name}-${RUN}`, entries) },
  });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { results: Array<{ id: number }> }).results[0]!.id;
}

test("loads further pages of tokens as the reader scrolls to the end", async ({ page, request }) => {
  const id = await ingestLong(request, "scroll");
  // Short enough that the end of the first page starts more than a screen below the viewport.
  await page.setViewportSize({ width: 1400, height: 500 });
  await page.goto(`/responses/${id}?project=default`);
  const tokens = page.getByTestId("token");
  await expect(tokens).toHaveCount(2_000);
  await expect(page.getByText(/ · 5,000 tokens · /)).toBeVisible();
  await expect(page.getByTestId("more-tokens")).toContainText("2,000 of 5,000 tokens shown");

  await page.getByTestId("more-tokens").scrollIntoViewIfNeeded();
  await expect(tokens).toHaveCount(4_000);
  await page.getByTestId("more-tokens").scrollIntoViewIfNeeded();
  await expect(tokens).toHaveCount(TOKENS);
  await expect(page.getByTestId("more-tokens")).toHaveCount(0);
  await expect(tokens.nth(4_999)).toHaveText(" w4999");
});

test("a #t= link past the first page loads up to that token and focuses it", async ({ page, request }) => {
  const id = await ingestLong(request, "hash");
  await page.goto(`/responses/${id}?project=default#t=4321`);
  const target = page.locator('[data-testid="token"][data-index="4321"]');
  await expect(target).toBeFocused();
  await expect(target).toHaveText(" w4321");
  await expect(page.getByTestId("token-popover")).toHaveAttribute("data-index", "4321");
});

import { expect, test, type APIRequestContext } from "@playwright/test";
import { E2E_API_KEY } from "../playwright.config";
import { chatCompletion, type Alternative, type Entry } from "./payloads";

/** The project LOUPE_API_KEY ingests into (lib/db/bootstrap.ts). */
const PROJECT = "default";
/** External ids are unique per run, so a re-run against a kept database is not a duplicate. */
const RUN = Date.now().toString(36);

async function ingest(request: APIRequestContext, record: unknown): Promise<number> {
  const response = await request.post("/api/v1/ingest", { headers: { Authorization: `Bearer ${E2E_API_KEY}` }, data: record });
  expect(response.status(), await response.text()).toBe(200);
  const body = (await response.json()) as { results: Array<{ index: number; id?: number }> };
  const id = body.results[0]?.id;
  expect(id).toBeGreaterThan(0);
  return id as number;
}

const pageUrl = (id: number, hash = "") => `/responses/${id}?project=${PROJECT}${hash}`;

/** The popover's precision from 10% up: one decimal (components/tokens/formatSignal.ts). */
const percent1 = (logprob: number) => `${(Math.exp(logprob) * 100).toFixed(1)}%`;
/** ...and from 1% to 10%: two decimals. */
const percent2 = (logprob: number) => `${(Math.exp(logprob) * 100).toFixed(2)}%`;

// Token 3 is " Paris" with known alternatives; token 4 was sampled outside its top-k.
const CAPITAL: Entry[] = [
  { token: "The", logprob: -0.05, top: [["The", -0.05], ["A", -3.2]] },
  { token: " capital", logprob: -0.1, top: [[" capital", -0.1], [" city", -2.4]] },
  { token: " is", logprob: -0.02, top: [[" is", -0.02], [" was", -4]] },
  { token: " Paris", logprob: -0.5, top: [[" Paris", -0.5], [" Lyon", -1.5], [" Nice", -2.3]] },
  { token: ".", logprob: -3, top: [["!", -0.2], ["?", -2]] },
];

const capitalResponse = (request: APIRequestContext) =>
  ingest(request, {
    id: `e2e-token-view-capital-${RUN}`,
    tags: ["e2e", "geography"],
    metadata: { suite: "token-view" },
    request: { messages: [{ role: "user", content: "What is the capital of France?" }], params: { temperature: 0.7, top_logprobs: 3 } },
    response: chatCompletion(`chatcmpl-capital-${RUN}`, CAPITAL),
  });

test("hovering a token lists its alternatives with their probabilities", async ({ page, request }) => {
  const id = await capitalResponse(request);
  await page.goto(pageUrl(id));
  const tokens = page.getByTestId("token");
  await expect(tokens).toHaveCount(CAPITAL.length);
  await expect(page.getByTestId("metric-tokenCount")).toHaveText("5");

  await tokens.nth(3).hover();
  const popover = page.getByTestId("token-popover");
  await expect(popover).toBeVisible();
  await expect(popover).toHaveAttribute("data-index", "3");
  const rows = popover.getByTestId("alt-row");
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toContainText("Paris");
  await expect(rows.nth(0)).toContainText(percent1(-0.5)); // exp(-0.5) = 60.7%
  await expect(rows.nth(0)).toHaveAttribute("data-chosen", "true");
  await expect(rows.nth(1)).toContainText("Lyon");
  await expect(rows.nth(1)).toContainText(percent1(-1.5));
  await expect(rows.nth(2)).toContainText("Nice");
  await expect(rows.nth(2)).toContainText(percent1(-2.3));

  // The chosen token is listed, and marked, even when the provider's top-k left it out.
  await tokens.nth(4).hover();
  await expect(popover).toHaveAttribute("data-index", "4");
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(2)).toHaveAttribute("data-chosen", "true");
  await expect(rows.nth(2)).toContainText(percent2(-3));
  await expect(rows.nth(2)).toContainText("not in top-k");
});

test("arrow keys move the focus between tokens and the URL follows", async ({ page, request }) => {
  const id = await capitalResponse(request);
  await page.goto(pageUrl(id));
  const tokens = page.getByTestId("token");
  await tokens.first().focus();
  await expect.poll(() => page.evaluate(() => window.location.hash)).toBe("#t=0");

  await page.keyboard.press("ArrowRight");
  await expect.poll(() => page.evaluate(() => window.location.hash)).toBe("#t=1");
  await expect(tokens.nth(1)).toBeFocused();
  await expect(page.getByTestId("token-popover")).toHaveAttribute("data-index", "1");

  await page.keyboard.press("End");
  await expect.poll(() => page.evaluate(() => window.location.hash)).toBe("#t=4");
  await page.keyboard.press("ArrowLeft");
  await expect.poll(() => page.evaluate(() => window.location.hash)).toBe("#t=3");
  // One tab stop for the whole text: the focused token.
  await expect(page.locator('[data-testid="token"][tabindex="0"]')).toHaveCount(1);
});

test("token text and request text are shown as text, never run as HTML", async ({ page, request }) => {
  const attacks = ["<img src=x onerror=alert(1)>", "</script><script>alert(2)</script>", '"><svg onload=alert(3)>'];
  const entries: Entry[] = [
    { token: "Safe", logprob: -0.1, top: [["Safe", -0.1], [attacks[0] as string, -2.5]] },
    ...attacks.map((attack) => ({ token: attack, logprob: -1, top: [[attack, -1], ["<b>bold</b>", -1.2]] as Alternative[] })),
  ];
  const id = await ingest(request, {
    id: `e2e-token-view-xss-${RUN}`,
    request: { messages: [{ role: "user", content: "<img src=x onerror=alert(4)>" }] },
    metadata: { note: "<svg onload=alert(5)>" },
    response: chatCompletion(`chatcmpl-xss-${RUN}`, entries),
  });
  const dialogs: string[] = [];
  page.on("dialog", async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });

  await page.goto(pageUrl(id));
  const container = page.getByTestId("token-text");
  await expect(page.getByTestId("token")).toHaveCount(entries.length);
  for (let i = 0; i < entries.length; i++) {
    await page.getByTestId("token").nth(i).hover();
    await expect(page.getByTestId("token-popover")).toHaveAttribute("data-index", String(i));
  }
  for (const attack of attacks) await expect(container).toContainText(attack);
  await expect(page.getByText("<img src=x onerror=alert(4)>")).toBeVisible();

  expect(dialogs).toEqual([]);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await expect(container.locator("img, svg, script")).toHaveCount(0);
  await expect(page.getByTestId("token-popover").locator("img, svg, script, b")).toHaveCount(0);
});

test("a token's URL (#t=3) focuses that token and opens its popover", async ({ page, request }) => {
  const id = await capitalResponse(request);
  await page.goto(pageUrl(id, "#t=3"));
  const popover = page.getByTestId("token-popover");
  await expect(popover).toBeVisible();
  await expect(popover).toHaveAttribute("data-index", "3");
  await expect(popover.getByTestId("alt-row").first()).toContainText(percent1(-0.5));
  await expect(page.getByTestId("token").nth(3)).toBeFocused();
});

test("a 4,000-token response with top-20 alternatives renders and answers a hover quickly", async ({ page, request }) => {
  test.setTimeout(180_000);
  const entries: Entry[] = Array.from({ length: 4000 }, (_, i) => {
    const token = i % 60 === 59 ? "\n" : ` w${i % 97}`;
    const logprob = -0.02 - (i % 17) * 0.35;
    const top: Alternative[] = [[token, logprob]];
    for (let k = 1; k < 20; k++) top.push([` alt${(i + k) % 211}`, logprob - 0.4 - k * 0.25]);
    return { token, logprob, top };
  });
  const id = await ingest(request, { id: `e2e-token-view-long-${RUN}`, response: chatCompletion(`chatcmpl-long-${RUN}`, entries) });

  await page.goto(pageUrl(id), { waitUntil: "commit" });
  // performance.now() counts from the navigation's start. The detail carries the first page of
  // 2,000 tokens (the rest follow as the reader scrolls, e2e/token-pages.spec.ts).
  const attachedMs = await page
    .waitForFunction(() => (document.querySelectorAll('[data-testid="token"]').length >= 2000 ? performance.now() : 0), undefined, { polling: "raf", timeout: 30_000 })
    .then((handle) => handle.jsonValue());
  await page.getByTestId("token").nth(20).hover();
  const ms = await page
    .waitForFunction(() => (document.querySelector('[data-testid="token-popover"]') ? performance.now() : 0), undefined, { polling: "raf" })
    .then((handle) => handle.jsonValue());
  console.log("token-view render ms", Math.round(ms), `(first 2,000 of 4,000 tokens attached at ${Math.round(attachedMs)} ms)`);
  await expect(page.getByTestId("token-popover").getByTestId("alt-row")).toHaveCount(20);
  expect(ms).toBeLessThan(3000);
});

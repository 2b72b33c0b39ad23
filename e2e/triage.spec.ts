import { expect, test, type APIRequestContext } from "@playwright/test";
import { E2E_ADMIN, E2E_API_KEY } from "../playwright.config";
import { expectNoAxeViolations } from "./axe";
import { expectNoSidewaysScroll } from "./layout";

/**
 * Triage with the keyboard: three suspects of a fresh model (each an uncertain number with a low
 * average: hallucination score 4), judged with 1/2/3 after j/k moves and a note, and the rule
 * precision on /alerts/quality moving by exactly those verdicts. Then thresholds: suggest and a
 * re-apply job followed to done on its progress bar.
 */
const auth = { authorization: `Bearer ${E2E_API_KEY}` };
// "In 18 67 ." — positions 1..2 are the uncertain number "1867" (mean −4.5).
const entity = (year: [string, string]) => [{ token: "In", logprob: -0.1 }, { token: ` ${year[0]}`, logprob: -4 }, { token: year[1], logprob: -5 }];

async function ingest(request: APIRequestContext, id: string, model: string, tokens: Array<{ token: string; logprob: number }>, at: number) {
  const response = await request.post("/api/v1/ingest", { headers: auth, data: { id, model, timestamp: at, response: { tokens } } });
  expect(response.ok()).toBe(true);
  return ((await response.json()) as { results: Array<{ id: number }> }).results[0]?.id as number;
}

type Quality = { detectors: Array<{ detector: string; confirmed: number; falsePositive: number }> };
async function entityCounts(request: APIRequestContext) {
  const quality = (await (await request.get("/api/v1/detectors/quality", { headers: auth })).json()) as Quality;
  return quality.detectors.find((d) => d.detector === "uncertainEntity") as { confirmed: number; falsePositive: number };
}
const percent = (confirmed: number, falsePositive: number) => (confirmed + falsePositive === 0 ? "—" : `${Math.round((confirmed / (confirmed + falsePositive)) * 100)}%`);

test("triage three suspects with the keyboard and see the rule precision change", async ({ page, request }) => {
  const model = `triage-e2e-${Date.now()}`;
  const now = Date.now();
  // Newest first within equal score and alert count: c, b, a.
  const a = await ingest(request, `${model}-a`, model, entity(["18", "67"]), now - 3_000);
  const b = await ingest(request, `${model}-b`, model, entity(["19", "12"]), now - 2_000);
  const c = await ingest(request, `${model}-c`, model, entity(["20", "31"]), now - 1_000);
  const before = await entityCounts(request);

  await page.goto(`/triage?project=default&model=${model}`);
  await expect(page.getByTestId("triage-progress")).toHaveText("Suspect 1 of 3 · 0 judged");
  await expect(page.getByTestId("triage-keys")).toContainText("1 confirmed");
  const suspect = page.getByTestId("triage-suspect");
  await expect(suspect).toHaveAttribute("data-response-id", String(c));
  // Every open alert's evidence is outlined: the number's two tokens.
  await expect(suspect.locator("[data-evidence]")).toHaveCount(2);
  await expect(suspect.locator("[data-evidence]").first()).toHaveAttribute("data-evidence", /uncertain entity/);
  await expect(page.getByTestId(`precision-uncertainEntity`)).toContainText(percent(before.confirmed, before.falsePositive));
  await expectNoAxeViolations(page);

  // n: a note, Esc back to the keys, 1: confirmed; the next suspect follows.
  await page.keyboard.press("n");
  await expect(page.getByTestId("triage-note")).toBeFocused();
  await page.keyboard.type("the year is made up");
  await page.keyboard.press("Escape");
  await page.keyboard.press("1");
  await expect(page.getByTestId("triage-progress")).toHaveText("Suspect 2 of 3 · 1 judged");
  await expect(suspect).toHaveAttribute("data-response-id", String(b));
  // k back: the judged one says so; j forward again.
  await page.keyboard.press("k");
  await expect(suspect).toHaveAttribute("data-response-id", String(c));
  await expect(page.getByTestId("triage-judged")).toHaveText("Judged: Confirmed");
  await page.keyboard.press("j");
  await expect(suspect).toHaveAttribute("data-response-id", String(b));
  await page.keyboard.press("2");
  await expect(page.getByTestId("triage-progress")).toHaveText("Suspect 3 of 3 · 2 judged");
  await expect(suspect).toHaveAttribute("data-response-id", String(a));
  await page.keyboard.press("3");
  await expect(page.getByTestId("triage-progress")).toHaveText("Suspect 3 of 3 · 3 judged");

  // Stored with who and when; the note went with the verdict.
  const verdict = await (await request.get(`/api/v1/responses/${c}/verdict`, { headers: auth })).json();
  expect(verdict).toMatchObject({ verdict: "confirmed", note: "the year is made up", judgedBy: E2E_ADMIN.email });
  expect((await (await request.get(`/api/v1/responses/${b}/verdict`, { headers: auth })).json()).verdict).toBe("false_positive");
  expect((await (await request.get(`/api/v1/responses/${a}/verdict`, { headers: auth })).json()).verdict).toBe("unsure");

  // One confirmed, one false positive (unsure is left out): precision moves by exactly these.
  const expected = percent(before.confirmed + 1, before.falsePositive + 1);
  await expect(page.getByTestId(`precision-uncertainEntity`)).toContainText(expected);
  // Off to a response and Back, a client-side navigation: the queue is read again, not the judged one cached.
  await suspect.getByRole("link", { name: `Response #${a}` }).click();
  await expect(page).toHaveURL(new RegExp(`/responses/${a}`));
  await page.goBack();
  await expect(page.getByTestId("triage-empty")).toBeVisible();
  await page.goto("/alerts/quality?project=default");
  await expect(page.getByTestId("quality-precision-uncertainEntity")).toHaveText(expected);
  await expect(page.getByTestId("pr-curve").locator("tbody tr")).toHaveCount(7);
  await expectNoAxeViolations(page);

  // Judged suspects leave the queue.
  await page.goto(`/triage?project=default&model=${model}`);
  await expect(page.getByTestId("triage-empty")).toBeVisible();
});

test("thresholds: suggest from the last 7 days and re-apply with a progress bar", async ({ page }) => {
  await page.goto("/alerts/thresholds?project=default");
  await page.getByTestId("suggest-button").click();
  const rows = page.getByTestId("suggestions").locator("tbody tr");
  await expect(rows).toHaveCount(5);
  await expect(rows.first()).toContainText(/of \d+\)/);
  await page.getByTestId("reapply-days").fill("1");
  await page.getByTestId("reapply-button").click();
  await expect(page.getByTestId("reapply-status")).toContainText("done", { timeout: 30_000 });
  await expect(page.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100");
  await expectNoAxeViolations(page);
});

test("thresholds: a saved change is confirmed and versioned; an emptied field is refused, not saved as 0", async ({ page }) => {
  const tag = `thresholds-e2e-${Date.now()}`;
  await page.goto("/alerts/thresholds?project=default");
  await page.getByTestId("thresholds-tag").fill(tag);
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page.getByRole("heading", { name: `Detectors for tag “${tag}”` })).toBeVisible();
  const field = page.getByTestId("threshold-lowAvgLogprob-threshold");
  await field.fill("-2.5");
  await page.getByTestId("thresholds-save").click();
  // The save refetches the settings (the form remounts with them): the confirmation stays.
  await expect(page.getByTestId("thresholds-saved")).toBeVisible();
  // The history is the project's: this tag's versions are the ones naming it.
  await expect(page.getByTestId("threshold-history").locator("li", { hasText: `tag ${tag}` })).toHaveCount(1);
  await expect(field).toHaveValue("-2.5");

  await field.fill("");
  await page.getByTestId("thresholds-save").click();
  await expect(page.getByTestId("thresholds-invalid")).toContainText("threshold needs a number");
  await expect(page.getByTestId("thresholds-saved")).toHaveCount(0);
  await page.reload();
  await page.getByTestId("thresholds-tag").fill(tag);
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page.getByTestId("threshold-lowAvgLogprob-threshold")).toHaveValue("-2.5");
  await expect(page.getByTestId("threshold-history").locator("li", { hasText: `tag ${tag}` })).toHaveCount(1);
});

test.describe("at 390 px", () => {
  test.use({ viewport: { width: 390, height: 844 } });
  test("triage, rule quality and thresholds do not scroll sideways and pass axe", async ({ page, request }) => {
    const model = `triage-e2e-narrow-${Date.now()}-with-a-rather-long-model-name`;
    await ingest(request, `${model}-a`, model, entity(["18", "67"]), Date.now());
    for (const path of [`/triage?project=default&model=${model}`, "/alerts/quality?project=default", "/alerts/thresholds?project=default"]) {
      await page.goto(path);
      await expect(page.locator("h1")).toBeVisible();
      await page.waitForLoadState("networkidle");
      await expectNoSidewaysScroll(page);
      await expectNoAxeViolations(page);
    }
  });
});

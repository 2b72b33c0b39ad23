import { expect, test } from "@playwright/test";
import { E2E_API_KEY } from "../playwright.config";
import { expectNoAxeViolations } from "./axe";

/** External ids are unique per run, so a re-run against a kept database is not a duplicate. */
const RUN = Date.now().toString(36);

/**
 * An OpenAI legacy completion with `echo: true, logprobs: 2` (gpt-3.5-turbo-instruct's shape):
 * the first `usage.prompt_tokens` tokens are the prompt's, the first without a logprob.
 */
const echoCompletion = {
  id: `cmpl-e2e-prompt-${RUN}`,
  object: "text_completion",
  created: Math.floor(Date.now() / 1000),
  model: "gpt-3.5-turbo-instruct",
  choices: [
    {
      text: "The capital of France is Paris",
      index: 0,
      finish_reason: "length",
      logprobs: {
        tokens: ["The", " capital", " of", " France", " is", " Paris"],
        token_logprobs: [null, -6.1, -0.4, -2.2, -0.3, -0.05],
        top_logprobs: [null, { " capital": -6.1, " first": -2.0 }, { " of": -0.4, " city": -1.3 }, { " France": -2.2, " the": -0.9 }, { " is": -0.3, " was": -2.1 }, { " Paris": -0.05, " Lyon": -4.0 }],
        text_offset: [0, 3, 11, 14, 21, 24],
      },
    },
  ],
  usage: { prompt_tokens: 4, completion_tokens: 2, total_tokens: 6 },
};

test("an echoed prompt shows as coloured prompt tokens above the output, each with a popover and its surprise", async ({ page, request }) => {
  const response = await request.post("/api/v1/ingest", { headers: { Authorization: `Bearer ${E2E_API_KEY}` }, data: echoCompletion });
  expect(response.status(), await response.text()).toBe(200);
  const id = ((await response.json()) as { results: Array<{ id: number }> }).results[0]?.id;
  await page.goto(`/responses/${id}?project=default`);

  const prompt = page.getByRole("region", { name: "Prompt" });
  const promptTokens = prompt.getByTestId("prompt-token");
  await expect(promptTokens).toHaveCount(4);
  await expect(page.getByTestId("token")).toHaveCount(2); // the output, apart
  // The Prompt block comes before the output.
  const promptBox = await prompt.boundingBox();
  const outputBox = await page.getByRole("region", { name: "Output" }).boundingBox();
  expect(promptBox && outputBox && promptBox.y < outputBox.y).toBe(true);

  // The prompt's own summary: 4 tokens, the mean over the 3 with a logprob.
  await expect(prompt.getByTestId("prompt-token-count")).toHaveText("4");
  await expect(prompt.getByTestId("prompt-mean-logprob")).toHaveText("−2.900");
  await expect(prompt.getByTestId("prompt-mean-surprise")).toHaveText(`${(2.9 / Math.LN2).toFixed(2)} bits`);
  await expect(prompt.getByTestId("prompt-unscored")).toHaveText("1");
  const surprising = prompt.getByTestId("prompt-surprising-token");
  await expect(surprising.first()).toContainText("capital");
  await expect(surprising.first()).toContainText(`${(6.1 / Math.LN2).toFixed(2)} bits`);

  // Hover: the same popover as the output's, with the surprise −log2 p.
  await promptTokens.nth(1).hover();
  const popover = page.getByTestId("prompt-token-popover");
  await expect(popover).toBeVisible();
  await expect(popover).toContainText("prompt token #1");
  await expect(popover.getByTestId("popover-surprise")).toHaveText(`${(6.1 / Math.LN2).toFixed(2)} bits`);
  const rows = popover.getByTestId("alt-row");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText("first");
  await expect(rows.nth(1)).toHaveAttribute("data-chosen", "true");

  // The first token has no logprob: grey, "not given", no surprise.
  await promptTokens.nth(0).hover();
  await expect(popover).toHaveAttribute("data-index", "0");
  await expect(popover.getByTestId("popover-logprob")).toHaveText("n/a (not given)");
  await expect(popover.getByTestId("popover-surprise")).toHaveText("n/a");
  await expectNoAxeViolations(page);

  // Keyboard: a click on a most-surprising entry focuses that prompt token; arrows move; the URL's #t= stays the output's.
  await surprising.first().click();
  await expect(promptTokens.nth(1)).toBeFocused();
  await page.keyboard.press("ArrowRight");
  await expect(promptTokens.nth(2)).toBeFocused();
  await expect(popover).toHaveAttribute("data-index", "2");
  expect(await page.evaluate(() => window.location.hash)).toBe("");
  await expectNoAxeViolations(page);
});

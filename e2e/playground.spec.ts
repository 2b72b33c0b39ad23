import { expect, test, type Page } from "@playwright/test";
import { E2E_HAS_MODEL, E2E_TEST_MODEL } from "../playwright.config";
import { expectNoAxeViolations } from "./axe";
import { expectNoSidewaysScroll } from "./layout";

const PROJECT = "default";
const PROMPT = "Once upon a time, there was a little girl named";

test.skip(!E2E_HAS_MODEL, `no local model at ${E2E_TEST_MODEL}: set LOUPE_TEST_MODEL to a .gguf file (the shared stories260K.gguf)`);

async function runPrompt(page: Page, maxTokens = "16") {
  await page.goto(`/playground?project=${PROJECT}`);
  await expect(page.getByLabel("Provider")).toHaveValue("local");
  await page.getByLabel("Raw completion").check();
  await page.getByTestId("prompt-input").fill(PROMPT);
  await page.getByLabel("Max tokens").fill(maxTokens);
  await page.getByLabel("Temperature").fill("0");
  await page.getByLabel("top_logprobs").fill("5");
  await page.getByTestId("run-button").click();
  const run = page.getByTestId("active-run");
  await expect(run.getByTestId("token").first()).toBeVisible();
  await expect(run).toHaveAttribute("data-status", "done");
  return run;
}

test("paste a prompt, see streamed tokens with alternatives, branch, score labels, save and find it in the explorer", async ({ page }) => {
  const run = await runPrompt(page);
  const tokens = run.getByTestId("token");
  expect(await tokens.count()).toBeGreaterThan(3);
  // The prompt's own tokens, coloured by surprise (the local model gives prompt logprobs).
  await expect(page.getByRole("group", { name: /Prompt tokens/ }).getByTestId("token").first()).toBeVisible();

  // Alternatives on hover, exactly as in the token view.
  await tokens.nth(1).hover();
  const popover = page.getByTestId("token-popover");
  await expect(popover).toBeVisible();
  expect(await popover.getByTestId("alt-row").count()).toBeGreaterThanOrEqual(2);

  // Branch: pick an alternative of token 1; the new run keeps token 0 and puts the alternative at 1.
  const firstToken = (await tokens.nth(0).textContent()) ?? "";
  await tokens.nth(1).click();
  const alternative = page.getByTestId("branch-alt").first();
  const label = (await alternative.getAttribute("aria-label")) ?? "";
  const chosen = JSON.parse(/^Branch with (".*") \(logprob/.exec(label)?.[1] ?? '""') as string;
  await alternative.click();
  await expect(page.getByTestId("run-row")).toHaveCount(2);
  await expect(page.getByRole("button", { name: /Run 1\.1/ })).toHaveAttribute("aria-pressed", "true");
  await expect(run).toHaveAttribute("data-status", "done");
  await expect(run.getByTestId("token").nth(0)).toHaveText(firstToken);
  expect((await run.getByTestId("token").nth(1).textContent())?.replace(/\u00b7/g, " ").trim()).toBe(chosen.trim());

  // The branch shares its root's prompt, so its prompt tokens; attribution runs with a progress bar, ranked.
  await expect(page.getByRole("group", { name: /Prompt tokens/ }).getByTestId("token").first()).toBeVisible();
  await page.getByTestId("run-attribution").click();
  await expect(page.getByTestId("attribution-progress")).toBeVisible();
  const ranked = page.getByTestId("attribution-ranked").locator("li");
  await expect(ranked.first()).toBeVisible();
  expect(await ranked.count()).toBeGreaterThan(5);

  // Compare the two runs side by side with their metrics.
  await page.getByLabel("Compare Run 1", { exact: true }).check();
  await page.getByLabel("Compare Run 1.1").check();
  await expect(page.getByTestId("compare").locator("dl")).toHaveCount(2);

  // Label scorer: probabilities renormalized over the labels found.
  await page.getByTestId("labels-input").fill("Lily, Tom, Zebra-not-a-token");
  await page.getByTestId("score-labels").click();
  const rows = page.getByTestId("label-row");
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(2)).toHaveAttribute("data-in-top-k", "false");
  await expect(rows.nth(2)).toContainText("not in top-");

  await expectNoAxeViolations(page);

  // Save the branch; it is a response tagged playground, found in the explorer.
  await page.getByTestId("save-run").click();
  const saved = page.getByTestId("saved-link");
  await expect(saved).toBeVisible();
  const id = /#(\d+)/.exec((await saved.textContent()) ?? "")?.[1];
  await page.goto(`/responses?project=${PROJECT}&tag=playground`);
  await expect(page.locator(`a[href*="/responses/${id}"]`).first()).toBeVisible();
  await page.goto(`/responses/${id}?project=${PROJECT}`);
  await expect(page.getByTestId("token-text").getByTestId("token").nth(1)).toBeVisible();
});

test("the playground fits a 390 px screen without sideways scroll", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await runPrompt(page, "24");
  await expectNoSidewaysScroll(page);
});

import { expect, test } from "@playwright/test";

/** Screenshots for the README (docs/screenshots), taken from the seeded demo data. */
test("explorer and token view screenshots", async ({ page }) => {
  await page.goto("/responses?project=demo&sort=perplexity&order=desc");
  await expect(page.getByTestId("response-row").first()).toBeVisible();
  await page.screenshot({ path: "docs/screenshots/responses.png" });

  // A somewhat uncertain demo response (stories260K sampling a story at temperature 0.8) of the
  // demo's longer length, asked with top_logprobs ≥ 5, opened at its least likely word-start
  // token; read through the dashboard's own cookie (the API key belongs to the default project).
  const pick = await page.evaluate(async () => {
    const list = (await (await fetch("/api/v1/responses?project=demo&tag=t%3D0.8&maxAvgLogprob=-0.8&limit=50")).json()) as {
      data: Array<{ id: number; metrics: { tokenCount: number } }>;
    };
    for (const row of list.data.filter((candidate) => candidate.metrics.tokenCount >= 30)) {
      const detail = (await (await fetch(`/api/v1/responses/${row.id}?project=demo`)).json()) as {
        params: { top_logprobs?: number } | null;
        tokens: Array<{ token: string; logprob: number | null }>;
      };
      if ((detail.params?.top_logprobs ?? 0) < 5) continue;
      let at = 5;
      detail.tokens.slice(0, 24).forEach((token, i) => {
        if (token.token.startsWith(" ") && token.token.trim() && (token.logprob ?? 0) < (detail.tokens[at]?.logprob ?? 0)) at = i;
      });
      return { id: row.id, at };
    }
    return null;
  });
  expect(pick).not.toBeNull();
  await page.goto(`/responses/${pick!.id}?project=demo#t=${pick!.at}`);
  await expect(page.getByTestId("token-popover")).toBeVisible();
  await page.screenshot({ path: "docs/screenshots/token-view.png" });
});

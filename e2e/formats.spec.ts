import { expect, test } from "@playwright/test";
import { E2E_API_KEY } from "../playwright.config";

/**
 * A model-less llama.cpp stream, sent as raw SSE with a generic content type: stored under
 * "unknown", and its chosen " щ" (listed by llama.cpp as "�" under the same id) is one
 * candidate, not two. Synthetic, shaped like shared/fixtures/peer/llamacpp-chat-stream-ik.sse.
 */
const RUN = Date.now().toString(36);
const chunk = (content: string, entry: unknown) =>
  `data: ${JSON.stringify({ id: `chatcmpl-e2e-formats-${RUN}`, object: "chat.completion.chunk", created: 1_759_023_683, model: "",
    choices: [{ index: 0, finish_reason: null, delta: { content }, logprobs: { content: [entry] } }] })}\n\n`;
const SSE =
  chunk("Hi", { id: 1, token: "Hi", bytes: [72, 105], logprob: -0.2, top_logprobs: [{ id: 1, token: "Hi", bytes: [72, 105], logprob: -0.2 }, { id: 2, token: "Yo", bytes: [89, 111], logprob: -1.8 }] }) +
  chunk(" щ", { id: 231, token: " щ", bytes: [32, 209, 137], logprob: -7e-6, top_logprobs: [
    { id: 231, token: "�", bytes: [137], logprob: -7e-6 }, { id: 102, token: "�", bytes: [169], logprob: -12.886 }] }) +
  "data: [DONE]\n\n";

test("a stream without a model name shows as \"unknown\"; a chosen token listed under another text is one candidate", async ({ page, request }) => {
  const response = await request.post("/api/v1/ingest", {
    headers: { Authorization: `Bearer ${E2E_API_KEY}`, "Content-Type": "application/octet-stream" },
    data: SSE,
  });
  expect(response.status(), await response.text()).toBe(200);
  const id = ((await response.json()) as { results: Array<{ id: number }> }).results[0]?.id;

  await page.goto(`/responses/${id}?project=default`);
  const facts = page.getByRole("region", { name: "Response" });
  await expect(facts.getByText("Model")).toBeVisible();
  await expect(facts.getByText("unknown", { exact: true })).toBeVisible();

  await page.getByTestId("token").nth(1).hover();
  const rows = page.getByTestId("token-popover").getByTestId("alt-row");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toHaveAttribute("data-chosen", "true");
  await expect(rows.nth(0)).not.toContainText("not in top-k");
});

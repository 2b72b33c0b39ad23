import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { verifyWebhookSignature } from "../lib/webhooks/signature";
import { E2E_API_KEY } from "../playwright.config";
import { expectNoAxeViolations } from "./axe";

/**
 * A webhook added on Settings receives the alerts of a new response from the running server's
 * background queue, signed with the secret the page showed once; the deliveries appear in
 * Settings. The server runs with LOUPE_WEBHOOK_ALLOW_PRIVATE=1 (playwright.config.ts).
 */
test("a webhook added in Settings receives signed alerts, and its deliveries are listed", async ({ page, request }) => {
  const received: Array<{ signature: string; body: string }> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ signature: String(req.headers["loupe-signature"]), body: Buffer.concat(chunks).toString("utf8") });
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    await page.goto("/settings?project=default");
    await page.getByTestId("webhook-url").fill(url);
    await page.getByTestId("webhook-add").click();
    const secret = await page.getByTestId("webhook-secret").inputValue();
    expect(secret).toMatch(/^whsec_/);
    await expect(page.getByTestId("webhook-list")).toContainText(url);

    const model = `webhook-e2e-${Date.now()}`;
    const ingest = await request.post("/api/v1/ingest", {
      headers: { authorization: `Bearer ${E2E_API_KEY}` },
      data: { id: model, model, response: { tokens: [{ token: "ok", logprob: -0.01 }, { token: " no", logprob: -8 }] } },
    });
    expect(ingest.ok()).toBe(true);
    // lowAvgLogprob, highPerplexity, lowConfidenceRatio, suddenDrops
    await expect.poll(() => received.filter((r) => r.body.includes(model)).length, { timeout: 30_000 }).toBe(4);
    for (const { signature, body } of received) {
      expect(verifyWebhookSignature(signature, body, secret)).toBe(true);
      expect(JSON.parse(body).text).toMatch(/^Loupe alert: /);
    }
    await page.reload();
    await expect(page.getByTestId("webhook-deliveries").locator("tbody tr").filter({ hasText: "delivered" })).toHaveCount(4);
    await expectNoAxeViolations(page);
    // Removing it stops the sends (and leaves no webhook behind for later tests).
    await page.getByTestId("webhook-list").getByRole("button", { name: "Remove" }).click();
    await expect(page.getByTestId("webhook-list").locator("li")).toHaveCount(0);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

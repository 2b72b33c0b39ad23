import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { verifyWebhookSignature, webhookSignature } from "./signature";

describe("webhook signature", () => {
  const body = JSON.stringify({ text: "Loupe alert", alert: { id: 1 } });
  const t = 1_790_000_000;

  it("is t=<seconds>,v1=<hex HMAC-SHA256(secret, t.body)>", () => {
    const expected = crypto.createHmac("sha256", "whsec_x").update(`${t}.${body}`).digest("hex");
    expect(webhookSignature("whsec_x", body, t)).toBe(`t=${t},v1=${expected}`);
  });

  it("verifies the body, the secret and the age", () => {
    const header = webhookSignature("whsec_x", body, t);
    expect(verifyWebhookSignature(header, body, "whsec_x", t + 10)).toBe(true);
    expect(verifyWebhookSignature(header, `${body} `, "whsec_x", t + 10)).toBe(false);
    expect(verifyWebhookSignature(header, body, "whsec_y", t + 10)).toBe(false);
    expect(verifyWebhookSignature(header, body, "whsec_x", t + 301)).toBe(false);
    expect(verifyWebhookSignature("t=abc,v1=00", body, "whsec_x", t)).toBe(false);
  });

  it("agrees with the README's verification snippet", () => {
    const readme = fs.readFileSync(path.resolve(__dirname, "../../README.md"), "utf8");
    const snippet = /```js\n(import crypto from "node:crypto";\nfunction verifyLoupe[\s\S]*?)```/.exec(readme)?.[1];
    expect(snippet).toBeDefined();
    const verifyLoupe = new Function("crypto", `${(snippet as string).replace(/^import .*\n/, "")}\nreturn verifyLoupe;`)(crypto) as (h: string, b: string, s: string) => boolean;
    const now = Math.floor(Date.now() / 1000);
    expect(verifyLoupe(webhookSignature("whsec_x", body, now), body, "whsec_x")).toBe(true);
    expect(verifyLoupe(webhookSignature("whsec_x", body, now), body, "whsec_y")).toBe(false);
    expect(verifyLoupe(webhookSignature("whsec_x", body, now - 3600), body, "whsec_x")).toBe(false);
  });
});

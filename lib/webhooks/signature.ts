import crypto from "node:crypto";

/**
 * Webhook signatures, Stripe-style (README, "Webhooks"): the header
 * `Loupe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
 * The timestamp inside the signed text lets a receiver refuse replays of old deliveries.
 */
export const SIGNATURE_HEADER = "Loupe-Signature";

export function webhookSignature(secret: string, body: string, unixSeconds: number): string {
  const hmac = crypto.createHmac("sha256", secret).update(`${unixSeconds}.${body}`, "utf8").digest("hex");
  return `t=${unixSeconds},v1=${hmac}`;
}

/**
 * Checks a `Loupe-Signature` header against the raw body: the v1 HMAC matches (in constant
 * time) and t is within `toleranceSeconds` of `nowSeconds`. What a receiver runs.
 */
export function verifyWebhookSignature(header: string, body: string, secret: string, nowSeconds = Math.floor(Date.now() / 1000), toleranceSeconds = 300): boolean {
  const parts = new Map(header.split(",").map((part) => part.trim().split("=", 2) as [string, string]));
  const t = Number(parts.get("t"));
  const v1 = parts.get("v1") ?? "";
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds || !/^[0-9a-f]{64}$/.test(v1)) return false;
  const expected = crypto.createHmac("sha256", secret).update(`${t}.${body}`, "utf8").digest();
  return crypto.timingSafeEqual(expected, Buffer.from(v1, "hex"));
}

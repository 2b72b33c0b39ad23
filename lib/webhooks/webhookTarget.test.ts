import { describe, expect, it } from "vitest";
import { checkWebhookTarget, isPublicAddress, parseWebhookUrl, WebhookTargetError } from "./webhookTarget";

describe("webhook targets", () => {
  it("refuses loopback, link-local and private addresses, v4, v6 and v4-mapped", () => {
    for (const address of ["127.0.0.1", "10.1.2.3", "172.20.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1"]) {
      expect(isPublicAddress(address), address).toBe(false);
    }
    for (const address of ["93.184.215.14", "1.1.1.1", "2606:4700::1111", "172.32.0.1"]) expect(isPublicAddress(address), address).toBe(true);
  });

  it("takes http(s) only, without credentials", () => {
    expect(parseWebhookUrl("https://hooks.example.com/x").hostname).toBe("hooks.example.com");
    for (const raw of ["ftp://example.com/", "file:///etc/passwd", "javascript:alert(1)", "not a url", "https://u:p@example.com/"]) {
      expect(() => parseWebhookUrl(raw), raw).toThrow(WebhookTargetError);
    }
  });

  it("checks the resolved addresses: localhost resolves to loopback and is refused unless allowed", async () => {
    await expect(checkWebhookTarget(new URL("http://localhost:9/hook"), false)).rejects.toThrow(/loopback, link-local or private/);
    // The answer names the host it was given, never the address it resolved to.
    await expect(checkWebhookTarget(new URL("http://localhost:9/hook"), false)).rejects.toThrow(expect.objectContaining({ message: expect.not.stringMatching(/127\.0\.0\.1|::1/) }));
    await expect(checkWebhookTarget(new URL("http://[::1]:9/hook"), false)).rejects.toThrow(WebhookTargetError);
    await expect(checkWebhookTarget(new URL("http://127.0.0.1:9/hook"), true)).resolves.toEqual(["127.0.0.1"]);
  });
});

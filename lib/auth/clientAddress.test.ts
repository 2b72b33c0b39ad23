import { describe, expect, it } from "vitest";
import { clientAddress, PEER_HEADER, UNKNOWN_ADDRESS } from "./clientAddress";
import { normalizeAddress, parseTrustedProxies } from "./trustedProxies";

const headers = (peer: string | null, forwarded?: string) => new Headers({ ...(peer ? { [PEER_HEADER]: peer } : {}), ...(forwarded ? { "x-forwarded-for": forwarded } : {}) });

describe("clientAddress", () => {
  const none = parseTrustedProxies("");
  const proxies = parseTrustedProxies("10.0.0.2, 172.16.0.0/12, fd00::/8");

  it("is the socket peer; a client's own X-Forwarded-For changes nothing without a trusted proxy", () => {
    expect(clientAddress(headers("203.0.113.5", "1.2.3.4"), none, true)).toBe("203.0.113.5");
    expect(clientAddress(headers("::ffff:203.0.113.5"), none, true)).toBe("203.0.113.5");
  });

  it("follows X-Forwarded-For from the right through trusted proxies only", () => {
    expect(clientAddress(headers("10.0.0.2", "198.51.100.7"), proxies, true)).toBe("198.51.100.7");
    // The left-most entry was written by the client: the right-most untrusted one is the client.
    expect(clientAddress(headers("10.0.0.2", "6.6.6.6, 198.51.100.7, 172.16.3.4"), proxies, true)).toBe("198.51.100.7");
    expect(clientAddress(headers("fd00::1", "2001:db8::9"), proxies, true)).toBe("2001:db8::9");
    expect(clientAddress(headers("10.0.0.2", "not-an-ip"), proxies, true)).toBe("10.0.0.2");
    expect(clientAddress(headers("10.0.0.3", "198.51.100.7"), proxies, true)).toBe("10.0.0.3");
  });

  it("does not believe the peer header unless Loupe's server sets it", () => {
    expect(clientAddress(headers("203.0.113.5"), none, false)).toBe(UNKNOWN_ADDRESS);
    expect(clientAddress(headers(null, "1.2.3.4"), none, true)).toBe(UNKNOWN_ADDRESS);
  });

  it("normalises and validates", () => {
    expect(normalizeAddress(" [::FFFF:10.1.2.3] ")).toBe("10.1.2.3");
    expect(() => parseTrustedProxies("10.0.0.0/33")).toThrow(/prefix/);
    expect(() => parseTrustedProxies("proxy.internal")).toThrow(/not an IP/);
  });
});

import net from "node:net";
import { env } from "@/lib/config/env";
import { isTrusted, normalizeAddress, parseTrustedProxies } from "./trustedProxies";

/**
 * The address a request came from, for throttling. Next's route handlers do not expose the
 * socket: Next 16 only fills `x-forwarded-for` with the socket address when the client sent
 * none (`??=` in next/dist/server/base-server.js), so that header is whatever the client says.
 * Loupe's server (scripts/serve.mjs) therefore writes the socket address into PEER_HEADER on
 * every request, overwriting anything a client sent, and sets PEER_HEADER_ENV so this code
 * knows the header is trustworthy. Forwarded headers count only when that socket address is a
 * proxy the operator named in LOUPE_TRUSTED_PROXIES.
 */
export const PEER_HEADER = "x-loupe-peer-address";
export const PEER_HEADER_ENV = "LOUPE_PEER_HEADER";
/** The shared key when the socket address is unknown (`next dev`, or Next started without scripts/serve.mjs). */
export const UNKNOWN_ADDRESS = "unknown";

/**
 * The client's address: the socket peer, or, when the peer is a trusted proxy, the right-most
 * `X-Forwarded-For` entry that is not itself a trusted proxy (entries left of it were written
 * by the client and prove nothing).
 */
export function clientAddress(headers: Headers, proxies: net.BlockList, peerHeaderTrusted: boolean): string {
  const peer = peerHeaderTrusted ? headers.get(PEER_HEADER) : null;
  if (!peer || net.isIP(normalizeAddress(peer)) === 0) return UNKNOWN_ADDRESS;
  let address = normalizeAddress(peer);
  if (!isTrusted(proxies, address)) return address;
  const forwarded = (headers.get("x-forwarded-for") ?? "").split(",").map(normalizeAddress).filter(Boolean);
  for (let hop = forwarded.length - 1; hop >= 0; hop--) {
    const entry = forwarded[hop] as string;
    if (net.isIP(entry) === 0) return address;
    address = entry;
    if (!isTrusted(proxies, entry)) return entry;
  }
  return address;
}

let parsedProxies: { list: string; blocks: net.BlockList } | undefined;

/** clientAddress with the operator's LOUPE_TRUSTED_PROXIES, for a route handler's request. */
export function requestAddress(request: Request): string {
  const list = env().LOUPE_TRUSTED_PROXIES;
  if (parsedProxies?.list !== list) parsedProxies = { list, blocks: parseTrustedProxies(list) };
  return clientAddress(request.headers, parsedProxies.blocks, process.env[PEER_HEADER_ENV] === "1");
}

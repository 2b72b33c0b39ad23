import dns from "node:dns";
import net from "node:net";

/**
 * Where a webhook may point (README, "Webhooks"): http(s) URLs whose host resolves only to
 * public addresses. Loopback, link-local, private, carrier-grade NAT, unspecified, multicast
 * and documentation ranges are refused unless the operator sets LOUPE_WEBHOOK_ALLOW_PRIVATE=1.
 * The check runs on the addresses DNS returns, when the webhook is saved and again on every
 * delivery (the connection uses exactly the checked address), so a name that later resolves
 * inside the network is caught.
 */
const blocked = new net.BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["198.51.100.0", 24], ["203.0.113.0", 24],
  ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) blocked.addSubnet(network, prefix, "ipv4");
for (const [network, prefix] of [["::", 128], ["::1", 128], ["fc00::", 7], ["fe80::", 10], ["ff00::", 8], ["2001:db8::", 32], ["64:ff9b::", 96]] as const) {
  blocked.addSubnet(network, prefix, "ipv6");
}

/** True when the address is one a webhook may reach without LOUPE_WEBHOOK_ALLOW_PRIVATE. */
export function isPublicAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 0) return false;
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped?.[1]) return isPublicAddress(mapped[1]);
    return !blocked.check(address, "ipv6");
  }
  return !blocked.check(address, "ipv4");
}

export class WebhookTargetError extends Error {}

/** The URL parsed, when it is http(s) with a host and no credentials; throws WebhookTargetError otherwise. */
export function parseWebhookUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookTargetError("url: not a valid URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new WebhookTargetError("url: only http and https URLs are allowed");
  if (url.username || url.password) throw new WebhookTargetError("url: credentials in the URL are not allowed (the signature authenticates Loupe)");
  return url;
}

function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1");
}

/** Every address the URL's host resolves to; throws WebhookTargetError when one is not public (unless allowed). */
export async function checkWebhookTarget(url: URL, allowPrivate: boolean): Promise<string[]> {
  const host = hostOf(url);
  let addresses: string[];
  try {
    addresses = net.isIP(host) ? [host] : (await dns.promises.lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
  } catch {
    throw new WebhookTargetError(`url: the host ${host} does not resolve`);
  }
  if (!allowPrivate) {
    const refused = addresses.find((address) => !isPublicAddress(address));
    // The address itself stays out of the answer: project admins are not told the internal network's names and addresses.
    if (refused) throw new WebhookTargetError(`url: ${host} is a loopback, link-local or private address or resolves to one (set LOUPE_WEBHOOK_ALLOW_PRIVATE=1 to allow)`);
  }
  return addresses;
}

/**
 * A `lookup` for http.request that answers only the addresses checkWebhookTarget accepts, so
 * the connection goes to a checked address (no second resolution between check and connect).
 */
export function checkedLookup(allowPrivate: boolean): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true, verbatim: true }, (error, entries) => {
      if (error) return callback(error, "", 4);
      const list = entries as dns.LookupAddress[];
      const refused = allowPrivate ? undefined : list.find((entry) => !isPublicAddress(entry.address));
      if (refused) return callback(new WebhookTargetError(`${hostname} resolves to ${refused.address}, a private address`), "", 4);
      if (options.all) return (callback as unknown as (e: null, all: dns.LookupAddress[]) => void)(null, list);
      const first = list[0];
      if (!first) return callback(new WebhookTargetError(`${hostname} does not resolve`), "", 4);
      callback(null, first.address, first.family);
    });
  };
}

/**
 * Where a webhook may point. A URL that a department registers is requested by the hub from
 * inside the government network, so it must not become a way to reach internal services
 * (SSRF): http(s) only, no credentials in the URL, and no loopback, private, link-local or
 * otherwise non-public address unless the operator allows private targets
 * (HUB_WEBHOOK_ALLOW_PRIVATE, for receivers on the same network). The address is checked
 * again when each delivery connects (a DNS name can change between registration and use).
 */
import { BlockList, isIP } from 'node:net';
import dns from 'node:dns';

export class WebhookUrlError extends Error {}

const blocked = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  // NAT64, 6to4 and the deprecated site-local range can all reach IPv4 or internal hosts.
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['2002::', 16],
  ['fec0::', 10],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(net, bits, 'ipv6');

/** Loopback, private, link-local, carrier-grade NAT, multicast, reserved; an IPv4-mapped IPv6 address as its IPv4. */
export function isNonPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  // Node's BlockList matches IPv4 against IPv4-mapped rules too, so mapped addresses are unwrapped instead.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return isNonPublicAddress(mapped[1]!);
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (hex) {
    const [hi, lo] = [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16)];
    return isNonPublicAddress(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
  }
  return blocked.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** The URL, parsed, if its form is acceptable; the address is checked by `checkTarget`. */
export function parseWebhookUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new WebhookUrlError('is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new WebhookUrlError('must be http or https');
  if (url.username || url.password) throw new WebhookUrlError('must not carry credentials (use the signature to authenticate the hub)');
  if (url.hash) throw new WebhookUrlError('must not have a #fragment');
  if (url.href.length > 2000) throw new WebhookUrlError('is too long');
  return url;
}

export interface TargetPolicy {
  allowPrivate: boolean;
}

/** Resolves the host and refuses a non-public address unless private targets are allowed. */
export async function checkTarget(url: URL, policy: TargetPolicy): Promise<void> {
  if (policy.allowPrivate) return;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await dns.promises.lookup(host, { all: true })).map((a) => a.address);
  } catch {
    throw new WebhookUrlError(`host ${host} does not resolve`);
  }
  if (addresses.length === 0 || addresses.some(isNonPublicAddress))
    throw new WebhookUrlError(`points at a non-public address (${host}); set HUB_WEBHOOK_ALLOW_PRIVATE=true to allow internal receivers`);
}

/**
 * A `lookup` for node:http that refuses non-public addresses at connect time, so a name that
 * resolved to a public address at registration cannot be re-pointed at an internal one.
 */
export function guardedLookup(policy: TargetPolicy): typeof dns.lookup {
  return ((hostname: string, options: dns.LookupOptions, callback: (...args: unknown[]) => void) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err);
      const list = addresses as dns.LookupAddress[];
      const bad = !policy.allowPrivate && list.some((a) => isNonPublicAddress(a.address));
      if (bad || list.length === 0) return callback(new WebhookUrlError(`${hostname} resolves to a non-public address`));
      if (options.all) return callback(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  }) as typeof dns.lookup;
}

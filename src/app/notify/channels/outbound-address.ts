import { BlockList, isIP } from 'node:net';

/**
 * Which addresses an outbound notification (webhook, Slack, Teams) may reach. Whoever can
 * create a subscription names the URL, and the server posts to it from inside the
 * company's network: without this, a subscription to `http://169.254.169.254/…` or
 * `http://localhost:5432` would make the server probe its own network (SSRF). So: https
 * only, and no private, loopback, link-local or otherwise special address — checked on
 * the addresses the name resolves to at the time of sending, which are also the ones
 * connected to (a name that resolves to a public address at creation and to 127.0.0.1
 * later is refused then). Hosts named in `MESHWORK_WEBHOOK_ALLOW_HOSTS` (comma-separated)
 * are exempt from both rules, for receivers inside the network on purpose.
 */
export interface OutboundPolicy {
  /** Lower-case host names or addresses exempt from the https and address rules. */
  readonly allowHosts: ReadonlySet<string>;
}

export function outboundPolicyFromEnv(env: NodeJS.ProcessEnv): OutboundPolicy {
  const hosts = (env.MESHWORK_WEBHOOK_ALLOW_HOSTS ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h !== '');
  return { allowHosts: new Set(hosts) };
}

const special = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  special.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96], // NAT64 reaches IPv4 inside
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const)
  special.addSubnet(network, prefix, 'ipv6');

/** Whether an address is one an outbound notification must not reach. */
export function isSpecialAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return special.check(address, 'ipv4');
  if (family !== 6) return true;
  // IPv4-mapped (::ffff:127.0.0.1) and IPv4-compatible forms reach the IPv4 address.
  const mapped = /^::(ffff:(0:)?)?(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[3] !== undefined) return special.check(mapped[3], 'ipv4');
  const hexMapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (hexMapped?.[1] !== undefined && hexMapped[2] !== undefined) {
    const high = parseInt(hexMapped[1], 16);
    const low = parseInt(hexMapped[2], 16);
    return special.check(`${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`, 'ipv4');
  }
  return special.check(address, 'ipv6');
}

export type UrlCheck =
  | { readonly ok: true; readonly url: URL; readonly allowed: boolean }
  | { readonly ok: false; readonly code: string; readonly message: string };

/**
 * The checks a URL passes before anything is resolved: parseable, http(s), https unless
 * its host is allowed, no credentials in it, an IP literal not special unless allowed.
 */
export function checkOutboundUrl(text: string, policy: OutboundPolicy): UrlCheck {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, code: 'invalid-url', message: 'the URL is not a valid absolute URL' };
  }
  const host = hostOf(url);
  const allowed = policy.allowHosts.has(host);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && allowed))
    return {
      ok: false,
      code: 'https-required',
      message: `the URL must use https (${url.protocol.replace(':', '')} is allowed only for hosts in MESHWORK_WEBHOOK_ALLOW_HOSTS)`,
    };
  if (url.username !== '' || url.password !== '')
    return { ok: false, code: 'invalid-url', message: 'the URL must not carry a user or password' };
  if (!allowed && isIP(host) !== 0 && isSpecialAddress(host)) return refusedAddress(host);
  return { ok: true, url, allowed };
}

export function refusedAddress(address: string): { ok: false; code: string; message: string } {
  return {
    ok: false,
    code: 'address-refused',
    message: `the receiver's address ${address} is private, loopback or reserved; a notification is sent there only when its host is listed in MESHWORK_WEBHOOK_ALLOW_HOSTS`,
  };
}

/** The URL's host as compared with the allow list: lower case, IPv6 without brackets. */
export function hostOf(url: URL): string {
  return url.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
}

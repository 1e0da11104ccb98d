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
  // NAT64, both the well-known and the local-use prefix, reach IPv4 inside: refused whole.
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 32], // Teredo: tunnels to an IPv4 address (obfuscated, so not decoded)
  ['2001:db8::', 32],
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated, still routed by some networks)
  ['ff00::', 8], // multicast
] as const)
  special.addSubnet(network, prefix, 'ipv6');

/** Whether an address is one an outbound notification must not reach. */
export function isSpecialAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return special.check(address, 'ipv4');
  if (family !== 6) return true;
  const words = ipv6Words(address);
  if (words === null) return true;
  const embedded = embeddedIPv4(words);
  if (embedded !== null && special.check(embedded, 'ipv4')) return true;
  return special.check(wordsToText(words), 'ipv6');
}

/**
 * The IPv4 address an IPv6 form carries and reaches: IPv4-mapped (::ffff:0:0/96, in any
 * spelling: `::ffff:127.0.0.1`, `::ffff:7f00:1`, `0:0:0:0:0:ffff:7f00:1`), IPv4-translated
 * (::ffff:0:0:0/96), IPv4-compatible (::/96) and 6to4 (2002::/16, the IPv4 in bits 16–47).
 */
function embeddedIPv4(words: readonly number[]): string | null {
  const quad = (high: number, low: number): string =>
    `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  const [w0, w1, w2, w3, w4, w5, w6, w7] = words as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (w0 === 0x2002) return quad(w1, w2);
  if (w0 === 0 && w1 === 0 && w2 === 0 && w3 === 0) {
    if (w4 === 0 && (w5 === 0xffff || w5 === 0)) return quad(w6, w7);
    if (w4 === 0xffff && w5 === 0) return quad(w6, w7);
  }
  return null;
}

/** The eight 16-bit words of an IPv6 address (a zone id dropped), or null if malformed. */
function ipv6Words(address: string): number[] | null {
  let text = address.replace(/%.*$/, '').toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted !== null) {
    const bytes = dotted.slice(1).map(Number);
    if (bytes.some((b) => b > 255)) return null;
    const [a, b, c, d] = bytes as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const part = (s: string | undefined): string[] =>
    s === undefined || s === '' ? [] : s.split(':');
  const head = part(halves[0]);
  const tail = part(halves[1]);
  const fill = 8 - head.length - tail.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return null;
  const words = [...head, ...Array<string>(halves.length === 2 ? fill : 0).fill('0'), ...tail].map(
    (w) => (/^[0-9a-f]{1,4}$/.test(w) ? parseInt(w, 16) : Number.NaN),
  );
  return words.some(Number.isNaN) ? null : words;
}

function wordsToText(words: readonly number[]): string {
  return words.map((w) => w.toString(16)).join(':');
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

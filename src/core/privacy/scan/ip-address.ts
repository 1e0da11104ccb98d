/**
 * IP addresses (v4 dotted quad, v6 in RFC 4291 text form with `::` compression and an
 * embedded v4 tail, RFC 5952 lower or upper case). Parsed by hand, not by one large regex,
 * so a hostile value cannot make it backtrack.
 */

const OCTET = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const HEXTET = /^[0-9A-Fa-f]{1,4}$/;

export function isIpv4(value: string): boolean {
  const parts = value.split('.');
  return parts.length === 4 && parts.every((part) => OCTET.test(part));
}

export function isIpv6(value: string): boolean {
  if (value.length > 45 || !value.includes(':')) return false;
  let text = value;
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    // An embedded v4 tail ("::ffff:192.0.2.1") stands for the last two groups.
    if (!isIpv4(tail)) return false;
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groupsOf = (half: string): string[] => (half === '' ? [] : half.split(':'));
  if (halves.length === 1) {
    const groups = groupsOf(text);
    return groups.length === 8 && groups.every((g) => HEXTET.test(g));
  }
  const groups = [...groupsOf(halves[0]!), ...groupsOf(halves[1]!)];
  return groups.length <= 7 && groups.every((g) => HEXTET.test(g));
}

const PORT = /^(?:[1-9]\d{0,3}|[1-5]\d{4}|6[0-4]\d{3}|65[0-4]\d{2}|655[0-2]\d|6553[0-5])$/;

/** `192.0.2.1:8080` or `[2001:db8::1]:443`, as access logs write a client. */
function withPort(v: string): boolean {
  const bracketed = /^\[([^\]]{2,45})\]:(\d{1,5})$/.exec(v);
  if (bracketed) return isIpv6(bracketed[1]!) && PORT.test(bracketed[2]!);
  const colon = v.lastIndexOf(':');
  return colon > 0 && isIpv4(v.slice(0, colon)) && PORT.test(v.slice(colon + 1));
}

/** An IPv4 or IPv6 address, with or without a port (no prefix length). */
export function isIpAddress(value: string): boolean {
  const v = value.trim();
  if (v.length > 60) return false;
  return isIpv4(v) || isIpv6(v) || withPort(v);
}

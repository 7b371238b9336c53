import * as ipaddr from 'ipaddr.js';
import { isIP } from 'node:net';

/**
 * Addresses an outbound call must never reach unless ALLOW_PRIVATE_UPSTREAMS is set. Classified by
 * ipaddr.js's special-purpose ranges (IANA registries) rather than by hand-written patterns, so every
 * textual form of an address (expanded, compressed, dotted tail) lands in the same range.
 *
 * Allowed: global unicast, plus the anycast services the registries list as globally reachable
 * (AMT, AS112). Refused: loopback, private (RFC 1918, ULA), link-local (incl. the cloud metadata
 * addresses 169.254.169.254 and fd00:ec2::254), CGNAT, multicast, broadcast, unspecified,
 * documentation, benchmarking and reserved ranges, discard, ORCHID, segment routing.
 */
const ALLOWED_IPV4_RANGES = new Set(['unicast', 'amt', 'as112']);
const ALLOWED_IPV6_RANGES = new Set(['unicast', 'amt', 'as112v6']);

/**
 * IPv6 networks refused whatever they carry: IPv4-compatible addresses (::/96, deprecated, and
 * `::a.b.c.d` reaches a.b.c.d on some stacks), local-use NAT64 (64:ff9b:1::/48, translating into
 * the operator's own network) and Teredo (2001::/32, whose IPv4 part is obfuscated).
 */
const REFUSED_IPV6_NETWORKS = ['::/96', '64:ff9b:1::/48', '2001::/32'].map((cidr) =>
  ipaddr.IPv6.parseCIDR(cidr),
);

/** IPv6 forms that carry an IPv4 address a packet ends up at: that IPv4 address decides. */
function embeddedIpv4(address: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const range = address.range();
  const bytes = address.toByteArray();
  // mapped ::ffff:0:0/96, translated ::ffff:0:0:0/96, well-known NAT64 64:ff9b::/96: the last 32 bits
  if (range === 'ipv4Mapped' || range === 'rfc6145' || range === 'rfc6052') {
    return new ipaddr.IPv4(bytes.slice(12, 16));
  }
  // 6to4 2002:AABB:CCDD::/48 carries AA.BB.CC.DD
  if (range === '6to4') return new ipaddr.IPv4(bytes.slice(2, 6));
  return undefined;
}

/**
 * ipaddr.js reads any dotted tail as IPv4-mapped (`::8.8.8.8` becomes `::ffff:808:808`), which would
 * let an IPv4-compatible address pass as a mapped one; the WHATWG URL parser writes every IPv6
 * literal in plain hex first. Undefined for what it cannot read (e.g. a zone id).
 */
function parseIpv6(address: string): ipaddr.IPv6 | undefined {
  try {
    return ipaddr.IPv6.parse(new URL(`http://[${address}]/`).hostname.slice(1, -1));
  } catch {
    return undefined;
  }
}

export function isForbiddenAddress(address: string): boolean {
  // only canonical literals (what DNS answers and URL parsing produce): never guess at anything else
  const family = isIP(address);
  if (family === 4) return !ALLOWED_IPV4_RANGES.has(ipaddr.IPv4.parse(address).range());
  const ipv6 = family === 6 ? parseIpv6(address) : undefined;
  if (!ipv6) return true;
  if (REFUSED_IPV6_NETWORKS.some((network) => ipv6.match(network))) return true;
  const inner = embeddedIpv4(ipv6);
  if (inner) return !ALLOWED_IPV4_RANGES.has(inner.range());
  return !ALLOWED_IPV6_RANGES.has(ipv6.range());
}

/**
 * Whether a URL names a loopback or private address outright (an IP literal, `localhost` or a
 * `*.localhost` name), without resolving DNS: a cheap early hint, used to warn when such a URL is
 * saved. The outbound client still checks every resolved address when it connects.
 */
export function namesPrivateAddress(url: string): boolean {
  let hostname: string;
  try {
    hostname = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) return true;
  const bare = hostname.replace(/^\[|\]$/g, '');
  return isIP(bare) !== 0 && isForbiddenAddress(bare);
}

// IP address parsing and classification for the endpoint guard. Folder-private.

/** Parses a dotted-quad IPv4 address; null when `s` is not one. */
export function parseIPv4(s: string): number | null {
  const parts = s.split(".");
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return null;
    const v = Number(p);
    if (v > 255) return null;
    n = n * 256 + v;
  }
  return n;
}

/** Parses an IPv6 address (with `::`, an embedded IPv4 tail, a zone id) into 8 groups. */
export function parseIPv6(s: string): number[] | null {
  if (s.startsWith("[") && s.endsWith("]")) s = s.slice(1, -1);
  const zone = s.indexOf("%");
  if (zone >= 0) s = s.slice(0, zone);
  if (!s.includes(":")) return null;
  let tail: number[] = [];
  const lastColon = s.lastIndexOf(":");
  if (s.slice(lastColon + 1).includes(".")) {
    const v4 = parseIPv4(s.slice(lastColon + 1));
    if (v4 === null) return null;
    tail = [Math.floor(v4 / 65536), v4 % 65536];
    s = s.slice(0, lastColon + 1);
    if (!s.endsWith("::")) s = s.slice(0, -1);
  }
  const halves = s.split("::");
  if (halves.length > 2) return null;
  const head = parseGroups(halves[0]);
  const rest = halves.length === 2 ? parseGroups(halves[1]) : [];
  if (head === null || rest === null) return null;
  const total = head.length + rest.length + tail.length;
  if (halves.length === 1) return total === 8 ? [...head, ...tail] : null;
  if (total > 7) return null;
  return [...head, ...new Array(8 - total).fill(0), ...rest, ...tail];
}

function parseGroups(h: string): number[] | null {
  if (h === "") return [];
  const out: number[] = [];
  for (const g of h.split(":")) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
    out.push(parseInt(g, 16));
  }
  return out;
}

const V4_BLOCKS: [string, number, string][] = [
  ["0.0.0.0", 8, "unspecified"],
  ["10.0.0.0", 8, "private"],
  ["100.64.0.0", 10, "shared address space (CGNAT)"],
  ["127.0.0.0", 8, "loopback"],
  ["169.254.0.0", 16, "link-local or cloud metadata"],
  ["172.16.0.0", 12, "private"],
  ["192.0.0.0", 24, "IETF protocol assignments"],
  ["192.0.2.0", 24, "documentation"],
  ["192.88.99.0", 24, "6to4 relay anycast"],
  ["192.168.0.0", 16, "private"],
  ["198.18.0.0", 15, "benchmarking"],
  ["198.51.100.0", 24, "documentation"],
  ["203.0.113.0", 24, "documentation"],
  ["224.0.0.0", 4, "multicast"],
  ["240.0.0.0", 4, "reserved or broadcast"],
];

const V4_TABLE = V4_BLOCKS.map(([base, bits, reason]) => ({
  base: parseIPv4(base)!,
  size: 2 ** (32 - bits),
  reason,
}));

/** Why an IPv4 address may not be called, or null when it is a public unicast address. */
export function classifyIPv4(n: number): string | null {
  for (const { base, size, reason } of V4_TABLE) {
    if (n >= base && n < base + size) return reason;
  }
  return null;
}

/** Why an IPv6 address may not be called, or null when it is a public unicast address. */
export function classifyIPv6(g: number[]): string | null {
  const v4At = (hi: number, lo: number) => g[hi] * 65536 + g[lo];
  const zeroUpTo = (k: number) => g.slice(0, k).every((x) => x === 0);
  if (zeroUpTo(8)) return "unspecified";
  if (zeroUpTo(7) && g[7] === 1) return "loopback";
  if (zeroUpTo(5) && g[5] === 0xffff) return classifyIPv4(v4At(6, 7)); // IPv4-mapped
  if (g[0] === 0x64 && g[1] === 0xff9b) {
    return g[2] === 0 && g.slice(3, 6).every((x) => x === 0)
      ? classifyIPv4(v4At(6, 7)) // NAT64 well-known prefix
      : "NAT64 local-use";
  }
  if (g[0] < 0x100) return "reserved (IPv4-compatible or unassigned)";
  if (g[0] === 0x100 && g.slice(1, 4).every((x) => x === 0)) return "discard-only";
  if (g[0] === 0x2001 && g[1] < 0x200) return "IETF protocol assignments (Teredo, ORCHID)";
  if (g[0] === 0x2001 && g[1] === 0xdb8) return "documentation";
  if (g[0] === 0x2002) return classifyIPv4(v4At(1, 2)); // 6to4 embeds an IPv4 address
  if ((g[0] & 0xfe00) === 0xfc00) return "unique local (private)";
  if ((g[0] & 0xffc0) === 0xfe80) return "link-local";
  if ((g[0] & 0xffc0) === 0xfec0) return "site-local";
  if ((g[0] & 0xff00) === 0xff00) return "multicast";
  return null;
}

/**
 * Why an IP literal may not be called (e.g. `"loopback"`), null when it is public, or
 * undefined when `address` is not an IP literal.
 */
export function classifyAddress(address: string): string | null | undefined {
  const v4 = parseIPv4(address);
  if (v4 !== null) return classifyIPv4(v4);
  const v6 = parseIPv6(address);
  if (v6 !== null) return classifyIPv6(v6);
  return undefined;
}

/**
 * IP addresses and prefixes as ovn-nbctl reads and prints them: glibc's `inet_pton` /
 * `inet_ntop`, OVS's `ip_parse_cidr` / `ipv6_parse_cidr` (lib/packets.c), and ovn-nbctl's
 * `normalize_prefix_str` (the network address, `/len` unless a host route).
 *
 * @module
 * @internal
 */

/**
 * glibc `inet_pton(AF_INET)`: four decimal octets, no leading zeros, each at most 255.
 *
 * @internal
 */
export function parseIpv4(s: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (m === null) return undefined;
  let v = 0;
  for (let i = 1; i <= 4; i++) {
    const part = m[i] as string;
    if (part.length > 1 && part.startsWith("0")) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    v = v * 256 + n;
  }
  return v;
}

/**
 * glibc `inet_pton(AF_INET6)`: the 16 bytes of an IPv6 address, or undefined.
 *
 * @internal
 */
export function parseIpv6(s: string): Uint8Array | undefined {
  if (s.length === 0 || s.length > 45) return undefined;
  const dbl = s.indexOf("::");
  if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) return undefined;
  const parseGroups = (part: string): number[] | undefined => {
    if (part === "") return [];
    const out: number[] = [];
    const groups = part.split(":");
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i] as string;
      if (i === groups.length - 1 && g.includes(".")) {
        const v4 = parseIpv4(g);
        if (v4 === undefined) return undefined;
        out.push(Math.floor(v4 / 65536), v4 % 65536);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
        out.push(Number.parseInt(g, 16));
      }
    }
    return out;
  };
  let words: number[];
  if (dbl >= 0) {
    const head = parseGroups(s.slice(0, dbl));
    const tail = parseGroups(s.slice(dbl + 2));
    if (head === undefined || tail === undefined || head.length + tail.length > 7) return undefined;
    words = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  } else {
    const all = parseGroups(s);
    if (all === undefined || all.length !== 8) return undefined;
    words = all;
  }
  const bytes = new Uint8Array(16);
  words.forEach((w, i) => {
    bytes[2 * i] = w >> 8;
    bytes[2 * i + 1] = w & 255;
  });
  return bytes;
}

const v4Text = (v: number): string => `${(v >>> 24) & 255}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;

/**
 * glibc `inet_ntop(AF_INET6)`: the longest run (at least two) of zero words as `::`, the first
 * of equal runs; an IPv4-compatible or -mapped address with its last 32 bits dotted.
 *
 * @internal
 */
export function formatIpv6(b: Uint8Array): string {
  const w: number[] = [];
  for (let i = 0; i < 8; i++) w.push(((b[2 * i] as number) << 8) | (b[2 * i + 1] as number));
  let best = { base: -1, len: 0 };
  let cur = { base: -1, len: 0 };
  for (let i = 0; i < 8; i++) {
    if (w[i] === 0) {
      if (cur.base === -1) cur = { base: i, len: 1 };
      else cur.len++;
    } else if (cur.base !== -1) {
      if (best.base === -1 || cur.len > best.len) best = cur;
      cur = { base: -1, len: 0 };
    }
  }
  if (cur.base !== -1 && (best.base === -1 || cur.len > best.len)) best = cur;
  if (best.base !== -1 && best.len < 2) best = { base: -1, len: 0 };
  let out = "";
  for (let i = 0; i < 8; i++) {
    if (best.base !== -1 && i >= best.base && i < best.base + best.len) {
      if (i === best.base) out += ":";
      continue;
    }
    if (i !== 0) out += ":";
    if (i === 6 && best.base === 0 && (best.len === 6 || (best.len === 5 && w[5] === 0xffff))) {
      out += v4Text(((b[12] as number) << 24) | ((b[13] as number) << 16) | ((b[14] as number) << 8) | (b[15] as number));
      return out;
    }
    out += (w[i] as number).toString(16);
  }
  if (best.base !== -1 && best.base + best.len === 8) out += ":";
  return out;
}

/** ovs_scan's `%hhu`: optional blanks and sign, decimal digits, kept modulo 256. */
function scanOctet(s: string, pos: number): { value: number; end: number } | undefined {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d+)/.exec(s.slice(pos));
  if (m === null) return undefined;
  let v = Number(BigInt(m[2] as string) % 256n);
  if (m[1] === "-") v = (256 - v) % 256;
  return { value: v, end: pos + m[0].length };
}

/** `IP_SCAN_FMT` at `pos`. */
function scanIpv4(s: string, pos: number): { value: number; end: number } | undefined {
  let v = 0;
  let p = pos;
  for (let i = 0; i < 4; i++) {
    if (i > 0) {
      if (s[p] !== ".") return undefined;
      p++;
    }
    const o = scanOctet(s, p);
    if (o === undefined) return undefined;
    v = v * 256 + o.value;
    p = o.end;
  }
  return { value: v, end: p };
}

/**
 * `ip_parse_cidr`: an IPv4 address with an optional `/len` or CIDR `/mask`: the address as
 * given and the prefix length.
 *
 * @internal
 */
export function parseIpv4Cidr(s: string): { addr: number; plen: number } | undefined {
  const ip = scanIpv4(s, 0);
  if (ip === undefined) return undefined;
  let plen = 32;
  let end = ip.end;
  if (s[end] === "/") {
    const mask = scanIpv4(s, end + 1);
    if (mask !== undefined) {
      const inv = ~mask.value >>> 0;
      if ((inv & (inv + 1)) !== 0) return undefined;
      plen = 32 - Math.log2(inv + 1);
      end = mask.end;
    } else {
      const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(s.slice(end + 1));
      if (m === null) return undefined;
      plen = Number(m[1]);
      if (plen < 0 || plen > 32) return undefined;
      end = end + 1 + m[0].length;
    }
  }
  return end === s.length ? { addr: ip.value, plen } : undefined;
}

/**
 * `ipv6_parse_cidr`: an IPv6 address with an optional `/len` or CIDR `/mask`.
 *
 * @internal
 */
export function parseIpv6Cidr(s: string): { addr: Uint8Array; plen: number } | undefined {
  const m = /^[ \t\n\v\f\r]*([0-9a-fA-F:.]{1,46})/.exec(s);
  if (m === null) return undefined;
  const addr = parseIpv6(m[1] as string);
  if (addr === undefined) return undefined;
  let end = m[0].length;
  let plen = 128;
  if (s[end] === "/") {
    const len = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(s.slice(end + 1));
    const mask = /^([0-9a-fA-F:.]{1,46})/.exec(s.slice(end + 1));
    if (len !== null) {
      plen = Number(len[1]);
      if (plen < 0 || plen > 128) return undefined;
      end += 1 + len[0].length;
    } else if (mask !== null) {
      const mb = parseIpv6(mask[1] as string);
      if (mb === undefined) return undefined;
      let bits = 0;
      let seenZero = false;
      for (const byte of mb) {
        for (let k = 7; k >= 0; k--) {
          if ((byte >> k) & 1) {
            if (seenZero) return undefined;
            bits++;
          } else seenZero = true;
        }
      }
      plen = bits;
      end += 1 + mask[0].length;
    }
  }
  return end === s.length ? { addr, plen } : undefined;
}

/**
 * ovn-nbctl's `normalize_prefix_str`: the network of an IPv4 or IPv6 prefix, with `/len`
 * unless it is a host address; undefined when `s` is neither.
 *
 * @internal
 */
export function normalizePrefix(s: string): string | undefined {
  const v4 = parseIpv4Cidr(s);
  if (v4 !== undefined) {
    const mask = v4.plen === 0 ? 0 : (0xffffffff << (32 - v4.plen)) >>> 0;
    const net = v4Text((v4.addr & mask) >>> 0);
    return v4.plen === 32 ? net : `${net}/${v4.plen}`;
  }
  const v6 = parseIpv6Cidr(s);
  if (v6 === undefined) return undefined;
  const net = new Uint8Array(16);
  for (let i = 0; i < 16; i++) {
    const bits = Math.max(0, Math.min(8, v6.plen - 8 * i));
    net[i] = (v6.addr[i] as number) & ((0xff << (8 - bits)) & 0xff);
  }
  const text = formatIpv6(net);
  return v6.plen === 128 ? text : `${text}/${v6.plen}`;
}

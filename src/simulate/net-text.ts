/**
 * Addresses as OVS prints and reads them: MAC (`ETH_ADDR_FMT`), IPv4 (`IP_FMT`) and IPv6 as
 * glibc's `inet_ntop` writes it (longest run of zero groups as `::`, an IPv4-mapped or
 * -compatible tail in dotted form), with `/len` or `/mask` when masked.
 *
 * @module
 */

/**
 * Dotted IPv4 text of a 32-bit number.
 *
 * @internal
 * @example
 * ```ts
 * import { ipv4Text } from "./net-text.js";
 * ipv4Text(0x0a000001); // "10.0.0.1"
 * ```
 */
export function ipv4Text(v: number): string {
  return `${(v >>> 24) & 255}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

/**
 * The 32-bit number of a dotted IPv4 address, or undefined (`inet_pton` rules: four decimal
 * parts, no leading zeros).
 *
 * @internal
 * @example
 * ```ts
 * import { parseIpv4 } from "./net-text.js";
 * parseIpv4("10.0.0.1"); // 167772161
 * ```
 */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let v = 0;
  for (const p of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    v = v * 256 + n;
  }
  return v >>> 0;
}

/**
 * Number of leading one bits when `mask` (of `bits` bits) is a CIDR mask, else -1.
 *
 * @internal
 * @example
 * ```ts
 * import { cidrBits } from "./net-text.js";
 * cidrBits(0xffffff00n, 32); // 24
 * ```
 */
export function cidrBits(mask: bigint, bits: number): number {
  const inv = ~mask & ((1n << BigInt(bits)) - 1n);
  if ((inv & (inv + 1n)) !== 0n) return -1;
  let n = 0;
  for (let x = inv; x !== 0n; x >>= 1n) n++;
  return bits - n;
}

/**
 * `ip_format_masked`: `a.b.c.d`, `a.b.c.d/len` or `a.b.c.d/m.m.m.m`.
 *
 * @internal
 * @example
 * ```ts
 * import { ipv4MaskedText } from "./net-text.js";
 * ipv4MaskedText(0x0a800000, 0xff800000); // "10.128.0.0/9"
 * ```
 */
export function ipv4MaskedText(v: number, mask: number): string {
  if (mask >>> 0 === 0xffffffff) return ipv4Text(v);
  const len = cidrBits(BigInt(mask >>> 0), 32);
  return len >= 0 ? `${ipv4Text(v)}/${len}` : `${ipv4Text(v)}/${ipv4Text(mask)}`;
}

/**
 * glibc `inet_ntop(AF_INET6)` text of a 128-bit number.
 *
 * @internal
 * @example
 * ```ts
 * import { ipv6Text } from "./net-text.js";
 * ipv6Text(0xfd000010024400010000000000000003n); // "fd00:10:244:1::3"
 * ```
 */
export function ipv6Text(v: bigint): string {
  const words: number[] = [];
  for (let i = 7; i >= 0; i--) words.push(Number((v >> BigInt(i * 16)) & 0xffffn));
  let bestBase = -1;
  let bestLen = 0;
  let curBase = -1;
  let curLen = 0;
  for (let i = 0; i < 8; i++) {
    if (words[i] === 0) {
      if (curBase < 0) {
        curBase = i;
        curLen = 1;
      } else curLen++;
    } else if (curBase >= 0) {
      if (bestBase < 0 || curLen > bestLen) {
        bestBase = curBase;
        bestLen = curLen;
      }
      curBase = -1;
    }
  }
  if (curBase >= 0 && (bestBase < 0 || curLen > bestLen)) {
    bestBase = curBase;
    bestLen = curLen;
  }
  if (bestBase >= 0 && bestLen < 2) bestBase = -1;
  let out = "";
  for (let i = 0; i < 8; i++) {
    if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) out += ":";
      continue;
    }
    if (i !== 0) out += ":";
    if (i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 5 && words[5] === 0xffff))) {
      out += ipv4Text(Number(v & 0xffffffffn));
      break;
    }
    out += (words[i] as number).toString(16);
  }
  if (bestBase >= 0 && bestBase + bestLen === 8) out += ":";
  return out;
}

/**
 * The 128-bit number of an IPv6 address (with `::`, an optional dotted IPv4 tail), or
 * undefined.
 *
 * @internal
 * @example
 * ```ts
 * import { parseIpv6 } from "./net-text.js";
 * parseIpv6("::1"); // 1n
 * ```
 */
export function parseIpv6(text: string): bigint | undefined {
  if (text.length > 45 || !/^[0-9a-fA-F:.]+$/.test(text)) return undefined;
  let tail: number[] = [];
  let s = text;
  const lastColon = s.lastIndexOf(":");
  if (s.indexOf(".", lastColon) >= 0) {
    const v4 = parseIpv4(s.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    tail = [v4 >>> 16, v4 & 0xffff];
    s = s.slice(0, lastColon + 1) + "0";
  }
  const halves = s.split("::");
  if (halves.length > 2) return undefined;
  const parse = (h: string): number[] | undefined => {
    if (h === "") return [];
    const out: number[] = [];
    for (const g of h.split(":")) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = parse(halves[0] as string);
  const rest = halves.length === 2 ? parse(halves[1] as string) : [];
  if (head === undefined || rest === undefined) return undefined;
  if (tail.length > 0) {
    const last = halves.length === 2 ? rest : head;
    last.pop();
    last.push(...tail);
  }
  const n = head.length + rest.length;
  if (halves.length === 1 ? n !== 8 : n > 7) return undefined;
  const groups = [...head, ...new Array<number>(8 - n).fill(0), ...rest];
  let v = 0n;
  for (const g of groups) v = (v << 16n) | BigInt(g);
  return v;
}

/**
 * `ipv6_format_masked`: the address, with `/len` or `/mask` unless the mask is exact.
 *
 * @internal
 * @example
 * ```ts
 * import { ipv6MaskedText } from "./net-text.js";
 * ipv6MaskedText(0xfe80n << 112n, 0xffc0n << 112n); // "fe80::/10"
 * ```
 */
export function ipv6MaskedText(v: bigint, mask: bigint): string {
  const all = (1n << 128n) - 1n;
  if (mask === all) return ipv6Text(v);
  const len = cidrBits(mask, 128);
  return len >= 0 ? `${ipv6Text(v)}/${len}` : `${ipv6Text(v)}/${ipv6Text(mask)}`;
}

/**
 * `xx:xx:xx:xx:xx:xx` of a 48-bit number.
 *
 * @internal
 * @example
 * ```ts
 * import { macText } from "./net-text.js";
 * macText(0x0a580af40103n); // "0a:58:0a:f4:01:03"
 * ```
 */
export function macText(v: bigint): string {
  const h = v.toString(16).padStart(12, "0");
  return `${h.slice(0, 2)}:${h.slice(2, 4)}:${h.slice(4, 6)}:${h.slice(6, 8)}:${h.slice(8, 10)}:${h.slice(10, 12)}`;
}

/**
 * The 48-bit number of `xx:xx:xx:xx:xx:xx`, or undefined.
 *
 * @internal
 * @example
 * ```ts
 * import { parseMac } from "./net-text.js";
 * parseMac("ff:ff:ff:ff:ff:ff"); // 281474976710655n
 * ```
 */
export function parseMac(text: string): bigint | undefined {
  if (!/^[0-9a-fA-F]{1,2}(:[0-9a-fA-F]{1,2}){5}$/.test(text)) return undefined;
  let v = 0n;
  for (const p of text.split(":")) v = (v << 8n) | BigInt(parseInt(p, 16));
  return v;
}

/**
 * `ds_put_hex`: `0x` and the bytes of `v` (of `bytes` bytes) without leading zero bytes (the
 * first byte without its leading zero digit), or `0`.
 *
 * @internal
 * @example
 * ```ts
 * import { hexBytesText } from "./net-text.js";
 * hexBytesText(0x80009n, 4); // "0x80009"
 * ```
 */
export function hexBytesText(v: bigint): string {
  if (v === 0n) return "0";
  let h = v.toString(16);
  if (h.length % 2 === 1) h = "0" + h;
  return "0x" + (h.startsWith("0") ? h.slice(1) : h);
}

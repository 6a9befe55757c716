/**
 * Typed values found in OVS text: integers with masks (exact up to 128 bits), MAC addresses,
 * IPv4 / IPv6 addresses with prefix or mask, and raw text for what has no better type.
 *
 * Every value is a small readonly object discriminated by `kind`, so that a renderer or a
 * filter can switch on it. Parsers in ovskit build them; {@link formatValue} prints them back
 * in the form OVS uses.
 *
 * @module
 */
import ipaddr from "ipaddr.js";
import { internSlice } from "./intern.js";
import { isWordChar, quoteName } from "./scanner.js";
import { owned, ownedSlice } from "./strings.js";

/**
 * An unsigned integer with an optional mask. `value` and `mask` are exact `bigint`s, so 64-bit
 * cookies, 128-bit `xxreg` registers and `ct_label` masks keep every bit.
 *
 * `hex` records whether the text used hexadecimal, so a value prints back the way OVS wrote
 * it (OVS prints some fields in decimal and others in hex; masks are always hex).
 */
export interface IntValue {
  readonly kind: "int";
  readonly value: bigint;
  readonly mask?: bigint;
  readonly hex: boolean;
  /** Hex digits printed when OVS zero-pads the value (`vlan_tci=0x0000/0x1fff`). */
  readonly digits?: number;
  /** Hex digits printed when OVS zero-pads the mask (`ipv6_label=0x00001/0x0000f`). */
  readonly maskDigits?: number;
}

/** A MAC address (lower-case `aa:bb:cc:dd:ee:ff`) with an optional mask in the same form. */
export interface MacValue {
  readonly kind: "mac";
  readonly value: string;
  readonly mask?: string;
}

/**
 * An IPv4 or IPv6 address, with a prefix length (`10.0.0.0/8`, `fe80::/10`) or an arbitrary
 * mask (`10.0.0.0/255.0.255.0`), or neither for a single address.
 */
export interface IpValue {
  readonly kind: "ipv4" | "ipv6";
  readonly value: string;
  readonly prefix?: number;
  readonly mask?: string;
}

/** Text kept as written, for values that have no richer type. */
export interface RawValue {
  readonly kind: "raw";
  readonly text: string;
}

/**
 * Flags written as `+new+trk-est` (ct_state, tcp_flags, tun_flags): each flag name with
 * whether it must be set (`+`) or clear (`-`), in the order written.
 */
export interface FlagsValue {
  readonly kind: "flags";
  readonly flags: readonly { readonly name: string; readonly set: boolean }[];
  /** True for the `fin|ack` form (every flag set), as OVS prints tcp_flags without a mask. */
  readonly pipe?: boolean;
}

/**
 * A symbolic name: a port name (`LOCAL`, `k8s-ovn-worker`), a fragment type (`later`), a
 * table name. `name` is unquoted; the printer quotes it again where OVS would.
 */
export interface NameValue {
  readonly kind: "name";
  readonly name: string;
}

/** `packet_type=(ns,type)`: the OpenFlow packet type namespace and type. */
export interface PacketTypeValue {
  readonly kind: "packet_type";
  readonly ns: IntValue;
  readonly type: IntValue;
}

/** Any typed value. */
export type Value = IntValue | MacValue | IpValue | FlagsValue | NameValue | PacketTypeValue | RawValue;

const ZERO = 0n;

/** Shared bigints for small values (counters at 0, small registers), so they cost nothing. */
const SMALL_BIGINTS: readonly bigint[] = Array.from({ length: 4096 }, (_, i) => BigInt(i));

/**
 * Parses an unsigned integer, decimal or `0x` hexadecimal, optionally followed by `/mask`.
 * Returns `undefined` when the text is not such an integer.
 *
 * @example
 * ```ts
 * import { parseIntValue } from "ovskit";
 * parseIntValue("0x1/0x1"); // { kind: "int", value: 1n, mask: 1n, hex: true }
 * parseIntValue("8080");    // { kind: "int", value: 8080n, hex: false }
 * ```
 */
export function parseIntValue(text: string, start = 0, end = text.length): IntValue | undefined {
  const slash = indexOfIn(text, 47 /* / */, start, end);
  const valueEnd = slash < 0 ? end : slash;
  const value = parseUnsigned(text, start, valueEnd);
  if (value === undefined) return undefined;
  const hex = valueEnd - start > 2 && text.charCodeAt(start + 1) === 120 /* x */;
  const digits = hex ? paddedDigits(text, start, valueEnd) : 0;
  if (slash < 0) return digits === 0 ? { kind: "int", value, hex } : { kind: "int", value, hex, digits };
  const mask = parseUnsigned(text, slash + 1, end);
  if (mask === undefined) return undefined;
  const maskDigits = paddedDigits(text, slash + 1, end);
  const v: IntValue = digits === 0 ? { kind: "int", value, mask, hex } : { kind: "int", value, mask, hex, digits };
  return maskDigits === 0 ? v : { ...v, maskDigits };
}

/**
 * Number of hex digits of a literal that starts `0x0` (zero-padded like `0x0800`, or a zero
 * written in hex, `0x0`), or 0 otherwise: those keep their exact form when printed.
 */
function paddedDigits(text: string, start: number, end: number): number {
  return end - start >= 3 && text.charCodeAt(start + 2) === 48 && text.charCodeAt(start + 1) === 120 ? end - start - 2 : 0;
}

/**
 * Parses one unsigned integer (`123` or `0x7b`) between `start` and `end` into a bigint, or
 * returns `undefined`. Small values take a fast path without string slicing.
 *
 * @example
 * ```ts
 * import { parseUnsigned } from "ovskit";
 * parseUnsigned("0xffffffffffffffff"); // 18446744073709551615n
 * ```
 */
export function parseUnsigned(text: string, start = 0, end = text.length): bigint | undefined {
  const len = end - start;
  if (len <= 0) return undefined;
  if (len > 2 && text.charCodeAt(start) === 48 && (text.charCodeAt(start + 1) | 32) === 120) {
    const digits = len - 2;
    if (digits > 256) return undefined;
    if (digits <= 12) {
      let n = 0;
      for (let i = start + 2; i < end; i++) {
        const d = hexDigit(text.charCodeAt(i));
        if (d < 0) return undefined;
        n = n * 16 + d;
      }
      return n < SMALL_BIGINTS.length ? (SMALL_BIGINTS[n] as bigint) : BigInt(n);
    }
    for (let i = start + 2; i < end; i++) if (hexDigit(text.charCodeAt(i)) < 0) return undefined;
    return BigInt(text.slice(start, end));
  }
  if (len <= 15) {
    let n = 0;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return undefined;
      n = n * 10 + c;
    }
    return n < SMALL_BIGINTS.length ? (SMALL_BIGINTS[n] as bigint) : BigInt(n);
  }
  if (len > 40) return undefined;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  return BigInt(text.slice(start, end));
}

/**
 * Parses a non-negative decimal integer that fits in a JS number (tables, priorities,
 * timeouts, port numbers), or returns -1.
 *
 * @example
 * ```ts
 * import { parseSmallInt } from "ovskit";
 * parseSmallInt("254"); // 254
 * ```
 */
export function parseSmallInt(text: string, start = 0, end = text.length): number {
  if (end <= start || end - start > 15) return -1;
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/**
 * Value of a hex digit char code, or -1.
 *
 * @example
 * ```ts
 * import { hexDigit } from "ovskit";
 * hexDigit("f".charCodeAt(0)); // 15
 * ```
 */
export function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 32;
  if (l >= 97 && l <= 102) return l - 87;
  return -1;
}

function indexOfIn(text: string, ch: number, start: number, end: number): number {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) === ch) return i;
  return -1;
}

/** An owned lower-case copy of `text[start, end)`, without `toLowerCase` when it is lower case. */
function lowerSlice(text: string, start: number, end: number): string {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) return owned(text.slice(start, end).toLowerCase());
  }
  return ownedSlice(text, start, end);
}

/**
 * True when `text[start, end)` is a MAC address (`aa:bb:cc:dd:ee:ff`, any case).
 *
 * @example
 * ```ts
 * import { isMacAt } from "ovskit";
 * isMacAt("dl_src=0a:58:0a:f4:01:03", 7, 24); // true
 * ```
 */
export function isMacAt(text: string, start: number, end: number): boolean {
  if (end - start !== 17) return false;
  for (let i = 0; i < 17; i++) {
    const c = text.charCodeAt(start + i);
    if (i % 3 === 2 ? c !== 58 : hexDigit(c) < 0) return false;
  }
  return true;
}

/**
 * Parses a MAC address with an optional `/mask`, or returns `undefined`.
 *
 * @example
 * ```ts
 * import { parseMacValue } from "ovskit";
 * parseMacValue("01:00:00:00:00:00/01:00:00:00:00:00");
 * ```
 */
export function parseMacValue(text: string, start = 0, end = text.length): MacValue | undefined {
  const slash = indexOfIn(text, 47, start, end);
  const valueEnd = slash < 0 ? end : slash;
  if (!isMacAt(text, start, valueEnd)) return undefined;
  const value = lowerSlice(text, start, valueEnd);
  if (slash < 0) return { kind: "mac", value };
  if (!isMacAt(text, slash + 1, end)) return undefined;
  return { kind: "mac", value, mask: lowerSlice(text, slash + 1, end) };
}

/**
 * True when `text[start, end)` is a dotted-quad IPv4 address. `strict` also refuses leading
 * zeros in a part (`010.0.0.1`), as `inet_pton` does.
 *
 * @example
 * ```ts
 * import { isIpv4At } from "ovskit";
 * isIpv4At("nw_dst=10.0.0.1", 7, 15); // true
 * ```
 */
export function isIpv4At(text: string, start: number, end: number, strict = false): boolean {
  let parts = 0;
  let digits = 0;
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || ++parts > 3) return false;
      digits = 0;
      n = 0;
    } else if (c >= 48 && c <= 57) {
      if (strict && digits > 0 && n === 0) return false;
      n = n * 10 + (c - 48);
      if (++digits > 3 || n > 255) return false;
    } else return false;
  }
  return parts === 3 && digits > 0;
}

/**
 * Parses an IPv4 or IPv6 address with an optional `/prefix` or `/mask`, or returns
 * `undefined`. IPv6 may be written in brackets (`[fe80::1]`), as in NAT ranges.
 *
 * @example
 * ```ts
 * import { parseIpValue } from "ovskit";
 * parseIpValue("10.244.0.0/16"); // { kind: "ipv4", value: "10.244.0.0", prefix: 16 }
 * parseIpValue("fe80::/10");     // { kind: "ipv6", value: "fe80::", prefix: 10 }
 * ```
 */
export function parseIpValue(text: string, start = 0, end = text.length): IpValue | undefined {
  const slash = indexOfIn(text, 47, start, end);
  const valueEnd = slash < 0 ? end : slash;
  let kind: "ipv4" | "ipv6";
  let value: string;
  if (isIpv4At(text, start, valueEnd)) {
    kind = "ipv4";
    value = ownedSlice(text, start, valueEnd);
  } else {
    let s = start;
    let e = valueEnd;
    if (text.charCodeAt(s) === 91 && text.charCodeAt(e - 1) === 93) {
      s++;
      e--;
    }
    value = ownedSlice(text, s, e);
    if (value.indexOf(":") < 0 || !ipaddr.IPv6.isValid(value)) return undefined;
    kind = "ipv6";
  }
  if (slash < 0) return { kind, value };
  const prefix = parseSmallInt(text, slash + 1, end);
  if (prefix >= 0) {
    if (prefix > (kind === "ipv4" ? 32 : 128)) return undefined;
    return { kind, value, prefix };
  }
  const mask = ownedSlice(text, slash + 1, end);
  const ok = kind === "ipv4" ? isIpv4At(mask, 0, mask.length) : ipaddr.IPv6.isValid(mask);
  if (!ok) return undefined;
  return { kind, value, mask };
}

function padHex(n: bigint, digits: number): string {
  return "0x" + n.toString(16).padStart(digits, "0");
}

/**
 * Prints an unsigned integer the OVS way: decimal, or `0x`-hexadecimal where zero is `0`.
 *
 * @example
 * ```ts
 * import { formatUnsigned } from "ovskit";
 * formatUnsigned(255n, true); // "0xff"
 * formatUnsigned(0n, true);   // "0"
 * ```
 */
export function formatUnsigned(n: bigint, hex: boolean): string {
  if (!hex) return n.toString();
  return n === ZERO ? "0" : "0x" + n.toString(16);
}

/**
 * A deep copy of a value (its own `flags` list and `packet_type` parts), for a tree that must not
 * share a node with another.
 *
 * @internal
 */
export function copyValue(v: Value): Value {
  switch (v.kind) {
    case "flags":
      return { ...v, flags: v.flags.map((f) => ({ ...f })) };
    case "packet_type":
      return { ...v, ns: { ...v.ns }, type: { ...v.type } };
    default:
      return { ...v };
  }
}

/**
 * Prints any {@link Value} back as OVS text.
 *
 * @example
 * ```ts
 * import { formatValue, parseIntValue } from "ovskit";
 * formatValue(parseIntValue("0x10/0x10")!); // "0x10/0x10"
 * ```
 */
export function formatValue(v: Value): string {
  switch (v.kind) {
    case "int": {
      const value = v.digits === undefined ? formatUnsigned(v.value, v.hex) : padHex(v.value, v.digits);
      if (v.mask === undefined) return value;
      return `${value}/${v.maskDigits === undefined ? formatUnsigned(v.mask, true) : padHex(v.mask, v.maskDigits)}`;
    }
    case "mac":
      return v.mask === undefined ? v.value : `${v.value}/${v.mask}`;
    case "ipv4":
    case "ipv6":
      if (v.prefix !== undefined) return `${v.value}/${v.prefix}`;
      return v.mask === undefined ? v.value : `${v.value}/${v.mask}`;
    case "flags": {
      if (v.pipe === true) return v.flags.map((f) => f.name).join("|");
      let out = "";
      for (const f of v.flags) out += (f.set ? "+" : "-") + f.name;
      return out;
    }
    case "name":
      return quoteName(v.name);
    case "packet_type":
      return `(${formatValue(v.ns)},${formatValue(v.type)})`;
    case "raw":
      return v.text;
  }
}

function hasLetter(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i) | 32;
    if (c >= 97 && c <= 122 && c !== 120) return true;
  }
  return false;
}

/**
 * Parses `+flag+flag-flag` (at least one flag, names of `[a-z0-9_]`), or returns `undefined`.
 *
 * @example
 * ```ts
 * import { parseFlagsValue } from "ovskit";
 * parseFlagsValue("+new-est+trk"); // flags: new set, est clear, trk set
 * ```
 */
export function parseFlagsValue(text: string, start = 0, end = text.length): FlagsValue | undefined {
  const flags: { name: string; set: boolean }[] = [];
  const first = text.charCodeAt(start);
  if (first !== 43 && first !== 45) {
    // The `fin|ack` form: names separated by `|`, all set.
    let s = start;
    for (let i = start; i <= end; i++) {
      if (i === end || text.charCodeAt(i) === 124) {
        if (i === s) return undefined;
        for (let j = s; j < i; j++) if (!isWordChar(text.charCodeAt(j))) return undefined;
        flags.push({ name: internSlice(text, s, i), set: true });
        s = i + 1;
      }
    }
    return hasLetter(text, start, end) && parseUnsigned(text, start, end) === undefined
      ? { kind: "flags", flags, pipe: true }
      : undefined;
  }
  let i = start;
  while (i < end) {
    const sign = text.charCodeAt(i);
    if (sign !== 43 && sign !== 45) return undefined;
    let j = i + 1;
    while (j < end && isWordChar(text.charCodeAt(j))) j++;
    if (j === i + 1) return undefined;
    flags.push({ name: internSlice(text, i + 1, j), set: sign === 43 });
    i = j;
  }
  return flags.length > 0 ? { kind: "flags", flags } : undefined;
}

/**
 * Converts an IP value to an ipaddr.js CIDR pair `[address, prefixLength]` when it is a
 * single address or a prefix, or `undefined` for an arbitrary (non-contiguous) mask.
 *
 * @example
 * ```ts
 * import { ipValueToCidr, parseIpValue } from "ovskit";
 * const [addr, len] = ipValueToCidr(parseIpValue("10.0.0.0/8")!)!;
 * ```
 */
export function ipValueToCidr(v: IpValue): [ipaddr.IPv4 | ipaddr.IPv6, number] | undefined {
  const addr = ipaddr.parse(v.value);
  const bits = v.kind === "ipv4" ? 32 : 128;
  if (v.prefix !== undefined) return [addr, v.prefix];
  if (v.mask === undefined) return [addr, bits];
  const len = ipaddr.parse(v.mask).prefixLengthFromSubnetMask();
  return len === null ? undefined : [addr, len];
}

/**
 * OVN numeric constants, lexed the way OVN's `lib/lex.c` does: decimal and hexadecimal
 * integers, IPv4, IPv6 and Ethernet addresses, each with an optional `/mask` (or `/prefix` for
 * IP addresses); and the printer of every kind of constant.
 *
 * @module
 */
import { ownedSlice } from "../../core/strings.js";
import { hexDigit, isIpv4At, isMacAt, parseMacValue, parseUnsigned } from "../../core/values.js";
import type { OvnConstant, OvnIntValue, OvnIpValue, OvnMacValue } from "./model.js";
import { formatOvnString } from "./strings.js";

/** The result of lexing a constant: its end offset and either the value or an error. */
export interface LexedConstant {
  readonly end: number;
  readonly value?: OvnIntValue | OvnIpValue | OvnMacValue;
  readonly error?: string;
  /** Where the error is (the mask for mask errors), when `error` is set. */
  readonly errorAt?: number;
}

const DEC = 0;
const HEX = 1;
const IPV4 = 2;
const IPV6 = 3;
const MAC = 4;

/** One `integer` token of OVN's lexer without its mask: the format and the extent. */
interface Scanned {
  readonly fmt: number;
  readonly end: number;
  readonly error?: string;
}

const U64_LIMIT = 1n << 64n;

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122);
}

/** Scans one OVN "integer" (number or address) starting at `p`, like `lex_parse_integer__`. */
function scanNumber(text: string, p: number): Scanned {
  let end = p;
  let sawDot = false;
  for (;;) {
    const c = text.charCodeAt(end);
    if (isAlnum(c) || (c === 58 && !sawDot)) end++;
    else if (c === 46 && text.charCodeAt(end + 1) !== 46) {
      sawDot = true;
      end++;
    } else break;
  }
  const len = end - p;
  if (len === 0) return { fmt: DEC, end, error: "integer constant expected" };
  if (len === 17 && isMacAt(text, p, p + 17)) return { fmt: MAC, end };
  let digits = true;
  for (let i = p; i < end && digits; i++) digits = text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57;
  if (digits) {
    if (text.charCodeAt(p) === 48 && len > 1) return { fmt: DEC, end, error: "decimal constants must not have leading zeros" };
    if (len > 20 || (parseUnsigned(text, p, end) as bigint) >= U64_LIMIT) {
      return { fmt: DEC, end, error: "decimal constants must be less than 2**64" };
    }
    return { fmt: DEC, end };
  }
  if (text.charCodeAt(p) === 48 && (text.charCodeAt(p + 1) | 32) === 120) {
    if (len === 2) return { fmt: HEX, end, error: `hex digits expected following 0${text[p + 1]}` };
    let significant = 0;
    for (let i = p + 2; i < end; i++) {
      const d = hexDigit(text.charCodeAt(i));
      if (d < 0) return { fmt: HEX, end, error: "invalid syntax in hexadecimal constant" };
      if (d > 0 || significant > 0) significant++;
    }
    if (significant > 256) return { fmt: HEX, end, error: "hexadecimal constant requires more than 1024 bits" };
    return { fmt: HEX, end };
  }
  if (len < 46) {
    if (isIpv4At(text, p, end, true)) return { fmt: IPV4, end };
    if (isStrictIpv6(text, p, end)) return { fmt: IPV6, end };
  }
  return { fmt: DEC, end, error: "invalid numeric constant" };
}

/** An IPv6 address as glibc's `inet_pton(AF_INET6)` accepts it (also `::ffff:1.2.3.4`). */
function isStrictIpv6(text: string, start: number, end: number): boolean {
  let i = start;
  let bytes = 0;
  let gap = false;
  let sawHex = false;
  let hexDigits = 0;
  let group = i;
  if (text.charCodeAt(i) === 58 && text.charCodeAt(++i) !== 58) return false;
  while (i < end) {
    const c = text.charCodeAt(i++);
    if (hexDigit(c) >= 0) {
      if (++hexDigits > 4) return false;
      sawHex = true;
    } else if (c === 58) {
      group = i;
      if (!sawHex) {
        if (gap) return false;
        gap = true;
        continue;
      }
      if (i >= end || bytes + 2 > 16) return false;
      bytes += 2;
      sawHex = false;
      hexDigits = 0;
    } else if (c === 46 && bytes + 4 <= 16 && isIpv4At(text, group, end, true)) {
      bytes += 4;
      sawHex = false;
      break;
    } else return false;
  }
  if (sawHex) {
    if (bytes + 2 > 16) return false;
    bytes += 2;
  }
  if (gap) return bytes < 16;
  return bytes === 16;
}

/**
 * Lexes an OVN integer, address or masked value at `p` (`lex_parse_integer` of OVN). Errors use
 * OVN's wording.
 *
 * @internal
 * @example
 * ```ts
 * import { lexOvnNumber } from "./constants.js";
 * lexOvnNumber("ip4.dst == 10.0.0.0/8", 11).value; // { kind: "ipv4", value: "10.0.0.0", prefix: 8, from: 11, to: 21 }
 * ```
 */
export function lexOvnNumber(text: string, p: number): LexedConstant {
  const v = scanNumber(text, p);
  if (v.error !== undefined) return { end: v.end, error: v.error, errorAt: p };
  if (text.charCodeAt(v.end) !== 47 /* / */) return { end: v.end, value: build(text, p, v, undefined) };
  const m = scanNumber(text, v.end + 1);
  if (m.error !== undefined) return { end: m.end, error: m.error, errorAt: v.end + 1 };
  const same = v.fmt === m.fmt;
  const prefix = m.fmt === DEC ? Number(parseUnsigned(text, v.end + 1, m.end)) : -1;
  const ok =
    same ||
    (v.fmt === IPV4 && prefix >= 0 && prefix <= 32) ||
    (v.fmt === IPV6 && prefix >= 0 && prefix <= 128) ||
    (v.fmt === DEC && m.fmt === HEX && parseUnsigned(text, p, v.end) === 0n);
  if (!ok) return { end: m.end, error: "value and mask have incompatible formats", errorAt: v.end + 1 };
  return { end: m.end, value: build(text, p, v, m) };
}

function hexValue(text: string, start: number, end: number): bigint {
  return parseUnsigned(text, start, end) ?? BigInt("0x" + text.slice(start + 2, end));
}

/** Hex digits to print when a hex literal is zero-padded (`0x0800`, `0x0`), else 0. */
function padded(text: string, start: number, end: number): number {
  return text.charCodeAt(start + 2) === 48 ? end - start - 2 : 0;
}

function build(text: string, p: number, v: Scanned, m: Scanned | undefined): OvnIntValue | OvnIpValue | OvnMacValue {
  const to = m === undefined ? v.end : m.end;
  if (v.fmt === MAC) return { ...(parseMacValue(text, p, to) as OvnMacValue), from: p, to };
  if (v.fmt === IPV4 || v.fmt === IPV6) {
    const kind = v.fmt === IPV4 ? "ipv4" : "ipv6";
    const value = ownedSlice(text, p, v.end);
    if (m === undefined) return { kind, value, from: p, to };
    const maskStart = v.end + 1;
    if (m.fmt === DEC) return { kind, value, prefix: Number(parseUnsigned(text, maskStart, to)), from: p, to };
    return { kind, value, mask: ownedSlice(text, maskStart, to), from: p, to };
  }
  const hex = v.fmt === HEX;
  const value = hex ? hexValue(text, p, v.end) : (parseUnsigned(text, p, v.end) as bigint);
  const digits = hex ? padded(text, p, v.end) : 0;
  const base: OvnIntValue = digits > 0 ? { kind: "int", value, hex, digits, from: p, to } : { kind: "int", value, hex, from: p, to };
  if (m === undefined) return base;
  const maskStart = v.end + 1;
  if (m.fmt === DEC) return { ...base, mask: parseUnsigned(text, maskStart, to) as bigint, maskDecimal: true };
  const maskDigits = padded(text, maskStart, to);
  const mask = hexValue(text, maskStart, to);
  return maskDigits > 0 ? { ...base, mask, maskDigits } : { ...base, mask };
}

/**
 * Prints one constant as it appears in a match: `10.0.0.0/8`, `0x8/0x8`, `"lsp1"`, `$as`, `@pg`.
 *
 * @example
 * ```ts
 * import { formatOvnConstant } from "ovskit";
 * formatOvnConstant({ kind: "addrset", name: "as_pol1", from: 0, to: 8 }); // "$as_pol1"
 * ```
 */
export function formatOvnConstant(c: OvnConstant): string {
  switch (c.kind) {
    case "int": {
      const value = c.hex ? "0x" + c.value.toString(16).padStart(c.digits ?? 0, "0") : c.value.toString();
      if (c.mask === undefined) return value;
      if (c.maskDecimal === true) return `${value}/${c.mask}`;
      return `${value}/0x${c.mask.toString(16).padStart(c.maskDigits ?? 0, "0")}`;
    }
    case "ipv4":
    case "ipv6":
      if (c.prefix !== undefined) return `${c.value}/${c.prefix}`;
      return c.mask === undefined ? c.value : `${c.value}/${c.mask}`;
    case "mac":
      return c.mask === undefined ? c.value : `${c.value}/${c.mask}`;
    case "string":
      return formatOvnString(c.value);
    case "addrset":
      return "$" + c.name;
    case "portgroup":
      return "@" + c.name;
    case "template":
      return "^" + c.name;
  }
}

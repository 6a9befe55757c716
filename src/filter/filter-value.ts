/**
 * A filter value read at compile time in every form it can take (integer with mask, IP
 * network, MAC with mask, flags, boolean, text), and the number readers the comparisons share.
 *
 * @module
 */
import ipaddr from "ipaddr.js";
import { hexDigit, parseIntValue } from "../core/values.js";

/** An address with a mask: IPv4 as 32-bit numbers, IPv6 as bigints. @internal */
export interface Net {
  readonly v6: boolean;
  readonly a: number;
  readonly m: number;
  readonly A: bigint;
  readonly M: bigint;
  readonly masked: boolean;
}

/** The forms a filter value was read in. @internal */
export interface FilterValue {
  readonly text: string;
  readonly int?: { readonly v: bigint; readonly m: bigint | undefined };
  readonly num?: number;
  readonly net?: Net;
  readonly mac?: { readonly v: number; readonly m: number; readonly masked: boolean };
  readonly flags?: readonly { readonly name: string; readonly set: boolean }[];
  readonly bool?: boolean;
}

/** All-ones masks. @internal */
export const ALL32 = 0xffffffff;
/** @internal */
export const ALL48 = 0xffffffffffff;
/** @internal */
export const ALL128 = (1n << 128n) - 1n;

/**
 * Reads a filter value in every form it can take. @internal
 *
 * @example
 * ```ts
 * readFilterValue("10.0.0.0/8").net; // { v6: false, a: 167772160, m: 4278190080, ... }
 * ```
 */
export function readFilterValue(text: string): FilterValue {
  const out: { -readonly [K in keyof FilterValue]: FilterValue[K] } = { text };
  const int = parseIntValue(text);
  if (int !== undefined) {
    out.int = { v: int.value, m: int.mask };
    if (int.mask === undefined && int.value <= BigInt(Number.MAX_SAFE_INTEGER)) out.num = Number(int.value);
  } else if (/^-?\d+(\.\d+)?s?$/.test(text)) out.num = Number(text.replace(/s$/, ""));
  const net = readNet(text);
  if (net !== undefined) out.net = net;
  const slash = text.indexOf("/");
  const mv = macNumber(text, 0, slash < 0 ? text.length : slash);
  if (mv >= 0) {
    const mm = slash < 0 ? ALL48 : macNumber(text, slash + 1, text.length);
    if (mm >= 0) out.mac = { v: mv, m: mm, masked: slash >= 0 };
  }
  const flags = readFlags(text);
  if (flags !== undefined) out.flags = flags;
  if (text === "true" || text === "false") out.bool = text === "true";
  return out;
}

/** An address with an optional `/prefix` or `/mask`, via ipaddr.js. @internal */
export function readNet(text: string): Net | undefined {
  try {
    const slash = text.indexOf("/");
    const addrText = slash < 0 ? text : text.slice(0, slash);
    if (!ipaddr.isValid(addrText) || /^\d+$/.test(addrText)) return undefined;
    const addr = ipaddr.parse(addrText);
    const v6 = addr.kind() === "ipv6";
    if (!v6 && !ipaddr.IPv4.isValidFourPartDecimal(addrText)) return undefined;
    let maskBytes: number[];
    if (slash < 0) maskBytes = new Array<number>(v6 ? 16 : 4).fill(255);
    else {
      const rest = text.slice(slash + 1);
      maskBytes = /^\d+$/.test(rest)
        ? prefixBytes(Number(rest), v6)
        : ipaddr.parse(rest).toByteArray();
      if (maskBytes.length !== (v6 ? 16 : 4)) return undefined;
    }
    const A = bytesToBig(addr.toByteArray());
    const M = bytesToBig(maskBytes);
    return { v6, a: v6 ? 0 : Number(A), m: v6 ? 0 : Number(M), A, M, masked: slash >= 0 };
  } catch {
    return undefined;
  }
}

function prefixBytes(prefix: number, v6: boolean): number[] {
  const n = v6 ? 16 : 4;
  if (prefix > n * 8) throw new RangeError("prefix");
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const bits = Math.max(0, Math.min(8, prefix - i * 8));
    out.push((0xff << (8 - bits)) & 0xff);
  }
  return out;
}

function bytesToBig(bytes: readonly number[]): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

/** `+trk+est`, `-new`, `trk|est`, `trk`: flag names with set / clear. */
function readFlags(text: string): { name: string; set: boolean }[] | undefined {
  if (/^([+-][a-z0-9_]+)+$/.test(text)) {
    return [...text.matchAll(/([+-])([a-z0-9_]+)/g)].map((m) => ({ name: m[2] as string, set: m[1] === "+" }));
  }
  if (/^[a-z0-9_]+(\|[a-z0-9_]+)*$/.test(text)) return text.split("|").map((name) => ({ name, set: true }));
  return undefined;
}

/** A MAC address in `text[start, end)` as a 48-bit number, or -1. @internal */
export function macNumber(text: string, start: number, end: number): number {
  if (end - start !== 17) return -1;
  let n = 0;
  for (let i = 0; i < 17; i++) {
    const c = text.charCodeAt(start + i);
    if (i % 3 === 2) {
      if (c !== 58) return -1;
      continue;
    }
    const d = hexDigit(c);
    if (d < 0) return -1;
    n = n * 16 + d;
  }
  return n;
}

/** A dotted-quad IPv4 address in `text[start, end)` as a 32-bit number, or -1. @internal */
export function ipv4Number(text: string, start: number, end: number): number {
  let n = 0;
  let part = 0;
  let parts = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      n = n * 256 + part;
      part = 0;
      parts++;
    } else part = part * 10 + (c - 48);
  }
  return parts === 3 ? n * 256 + part : -1;
}


/**
 * A filter value read at compile time in every form it can take (integer with mask, IP
 * network, MAC with mask, flags, boolean, text), and the number readers the comparisons share.
 *
 * @module
 */
import ipaddr from "ipaddr.js";
import { hexDigit, parseIntValue } from "../core/values.js";

/** An address with a mask: IPv4 as 32-bit numbers (`A`, `M` are 0), IPv6 as bigints (`a`, `m` are 0). @internal */
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
  /** As an integer: its value and mask. */
  readonly iv?: bigint;
  readonly im?: bigint;
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
    out.iv = int.value;
    if (int.mask !== undefined) out.im = int.mask;
    else if (int.value <= BigInt(Number.MAX_SAFE_INTEGER)) out.num = Number(int.value);
  } else if (/^-?\d+(\.\d+)?s?$/.test(text)) out.num = Number(text.replace(/s$/, ""));
  if (text.includes(".") || text.includes(":")) {
    const net = readNet(text);
    if (net !== undefined) out.net = net;
  }
  const slash = text.indexOf("/");
  const mv = macNumber(text, 0, slash < 0 ? text.length : slash);
  if (mv >= 0) {
    const mm = slash < 0 ? ALL48 : macNumber(text, slash + 1, text.length);
    if (mm >= 0) out.mac = { v: mv, m: mm, masked: slash >= 0 };
  }
  // Integers are not flag sets (flag names do not start with a digit).
  const flags = int === undefined ? readFlags(text) : undefined;
  if (flags !== undefined) out.flags = flags;
  if (text === "true" || text === "false") out.bool = text === "true";
  // A plain integer (the usual value) in one literal: its fields in the object, not in a
  // property array added field by field (48 bytes instead of 72; issue 16).
  const { iv, num } = out;
  if (iv !== undefined && num !== undefined && out.net === undefined && out.mac === undefined) return { text, iv, num };
  return out;
}

/** An address with an optional `/prefix` or `/mask`, via ipaddr.js. @internal */
export function readNet(text: string): Net | undefined {
  const v4 = readIpv4Net(text);
  if (v4 !== undefined) return v4;
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
    const A = (v6 ? ipv6Number(addrText) : undefined) ?? bytesToBig(addr.toByteArray());
    const M = bytesToBig(maskBytes);
    return v6 ? { v6, a: 0, m: 0, A, M, masked: slash >= 0 } : { v6, a: Number(A), m: Number(M), A: 0n, M: 0n, masked: slash >= 0 };
  } catch {
    return undefined;
  }
}

const V4_NET = /^(\d{1,3}(?:\.\d{1,3}){3})(?:\/(?:(\d{1,2})|(\d{1,3}(?:\.\d{1,3}){3})))?$/;

/** The common case without ipaddr.js: `a.b.c.d`, `a.b.c.d/len`, `a.b.c.d/m.m.m.m`. */
function readIpv4Net(text: string): Net | undefined {
  const m = V4_NET.exec(text);
  if (m === null) return undefined;
  const quad = (t: string): number => {
    const parts = t.split(".").map(Number);
    return parts.some((p) => p > 255) ? -1 : ipv4Number(t, 0, t.length);
  };
  const a = quad(m[1] as string);
  if (a < 0) return undefined;
  let mask = ALL32;
  if (m[2] !== undefined) {
    const len = Number(m[2]);
    if (len > 32) return undefined;
    mask = len === 0 ? 0 : (ALL32 << (32 - len)) >>> 0;
  } else if (m[3] !== undefined) {
    mask = quad(m[3]);
    if (mask < 0) return undefined;
  }
  return { v6: false, a, m: mask, A: 0n, M: 0n, masked: m[2] !== undefined || m[3] !== undefined };
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


/**
 * An IPv6 address (`fd00:10:244::5`, `::ffff:10.0.0.1`) as a 128-bit bigint, or `undefined`
 * when `text` is not one in these plain forms (callers fall back to ipaddr.js). @internal
 */
export function ipv6Number(text: string): bigint | undefined {
  const dbl = text.indexOf("::");
  if (dbl >= 0 && text.indexOf("::", dbl + 1) >= 0) return undefined;
  const head = dbl < 0 ? text : text.slice(0, dbl);
  const tail = dbl < 0 ? "" : text.slice(dbl + 2);
  const a = groups(head);
  const b = groups(tail);
  if (a === undefined || b === undefined) return undefined;
  const n = a.length + b.length;
  if (dbl < 0 ? n !== 8 : n > 7) return undefined;
  let out = 0n;
  for (const g of a) out = (out << 16n) | BigInt(g);
  out <<= BigInt(16 * (8 - n));
  for (const g of b) out = (out << 16n) | BigInt(g);
  return out;
}

/** The 16-bit groups of `x:y:z` (a trailing dotted IPv4 counts as two). */
function groups(text: string): number[] | undefined {
  if (text === "") return [];
  const out: number[] = [];
  const parts = text.split(":");
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i] as string;
    if (i === parts.length - 1 && p.includes(".")) {
      const v4 = ipv4Number(p, 0, p.length);
      if (v4 < 0 || !/^\d{1,3}(\.\d{1,3}){3}$/.test(p) || p.split(".").some((o) => Number(o) > 255)) return undefined;
      out.push(Math.floor(v4 / 65536), v4 % 65536);
      continue;
    }
    if (p.length === 0 || p.length > 4) return undefined;
    let g = 0;
    for (let j = 0; j < p.length; j++) {
      const d = hexDigit(p.charCodeAt(j));
      if (d < 0) return undefined;
      g = g * 16 + d;
    }
    out.push(g);
  }
  return out;
}

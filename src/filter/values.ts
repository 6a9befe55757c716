/**
 * Typed comparison of a filter value with the values found in flows. The filter value is read
 * once, at compile time, in every form it may take (integer with mask, IP network, MAC with
 * mask, flags, boolean, text); each comparison then uses the form that fits the type of the
 * flow's value.
 *
 * @module
 */
import { formatFieldRef, type FieldRef } from "../core/field-ref.js";
import { type FlagsValue, type IpValue, type MacValue, formatValue } from "../core/values.js";
import type { FilterOp } from "./ast.js";
import { ALL128, ALL32, ALL48, type FilterValue, type Net, ipv4Number, ipv6Number, macNumber, readNet } from "./filter-value.js";

export { type FilterValue, readFilterValue } from "./filter-value.js";


/** A value range (`nat.addrs`, `nat.ports`): what `~=` tests containment in. */
export interface RangeValue {
  readonly kind: "range";
  readonly min: number | IpValue;
  readonly max: number | IpValue;
}

/** A match item written without a value (`ip`, `tcp`): present, and equal to nothing. @internal */
export const PRESENT: unique symbol = Symbol("present") as never;

/** A flow's IP value as an address and a mask. */
function flowNet(v: IpValue): Net | undefined {
  if (v.kind === "ipv4") {
    const a = ipv4Number(v.value, 0, v.value.length);
    let m = ALL32;
    if (v.prefix !== undefined) m = v.prefix === 0 ? 0 : (ALL32 << (32 - v.prefix)) >>> 0;
    else if (v.mask !== undefined) m = ipv4Number(v.mask, 0, v.mask.length);
    return { v6: false, a, m, A: 0n, M: 0n, masked: m !== ALL32 };
  }
  const A = ipv6Number(v.value);
  let M = ALL128;
  if (v.prefix !== undefined) M = v.prefix === 0 ? 0n : (ALL128 << BigInt(128 - v.prefix)) & ALL128;
  else if (v.mask !== undefined) {
    const m = ipv6Number(v.mask);
    if (m === undefined) return undefined;
    M = m;
  }
  if (A === undefined) {
    const net = readNet(formatValue(v));
    return net === undefined ? undefined : { ...net, masked: net.M !== ALL128 };
  }
  return { v6: true, a: 0, m: 0, A, M, masked: M !== ALL128 };
}

/** A test of one value found in a flow. @internal */
export type ValueTest = (v: unknown) => boolean;

/**
 * One comparison of a value found in a flow with a filter value, for any type of flow value.
 * `!=` is not handled here: the compiler evaluates it as `!(=)`. @internal
 *
 * @example
 * ```ts
 * testValue("~=", readFilterValue("10.0.0.5"), { kind: "ipv4", value: "10.0.0.0", prefix: 24 }); // true
 * ```
 */
export function testValue(op: FilterOp, fv: FilterValue, v: unknown): boolean {
  switch (typeof v) {
    case "number":
      return compareNumber(op, fv, v);
    case "bigint":
      return fv.iv !== undefined && compareBig(op, fv.iv, fv.im, v, undefined);
    case "string":
      return compareText(op, fv.text, v);
    case "boolean":
      return op === "=" && fv.bool === v;
    case "object":
      if (v === null) return false;
      return compareObject(op, fv, v as { kind?: unknown });
    default:
      return false;
  }
}

function compareNumber(op: FilterOp, fv: FilterValue, v: number): boolean {
  if (fv.num !== undefined) return order(op, v, fv.num);
  if (fv.iv !== undefined) return compareBig(op, fv.iv, fv.im, BigInt(v), undefined);
  return op === "=" && fv.text === String(v);
}

function order(op: FilterOp, a: number | bigint, b: number | bigint): boolean {
  switch (op) {
    case "=":
    case "~=":
      return a === b;
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
    default:
      return false;
  }
}

/**
 * Masked integers: `=` compares the value (and the mask when the filter has one); `~=` is
 * overlap: some value matches both, i.e. they agree on the bits both masks care about.
 */
function compareBig(op: FilterOp, fv: bigint, fm: bigint | undefined, v: bigint, m: bigint | undefined): boolean {
  if (op === "~=") {
    if (m === undefined && fm === undefined) return v === fv;
    const both = m === undefined ? (fm as bigint) : fm === undefined ? m : fm & m;
    return (fv & both) === (v & both);
  }
  if (op === "=" && fm !== undefined) return v === fv && m === fm;
  return order(op, v, fv);
}

/** {@link compareBig} for values up to 48 bits (IPv4, MAC) held in numbers. */
function compareMasked(op: FilterOp, fv: number, fm: number, fMasked: boolean, v: number, m: number, masked: boolean): boolean {
  if (op === "~=") {
    if (!masked && !fMasked) return v === fv;
    const both = and(fm, m);
    return and(fv, both) === and(v, both);
  }
  if (op === "=" && fMasked) return v === fv && m === fm;
  return order(op, v, fv);
}

/** Bitwise and of two non-negative integers up to 2^53 (MACs are 48 bits). */
function and(a: number, b: number): number {
  if (a <= ALL32 && b <= ALL32) return (a & b) >>> 0;
  const hi = ((Math.floor(a / 2 ** 32) & Math.floor(b / 2 ** 32)) >>> 0) * 2 ** 32;
  return hi + ((a & b) >>> 0);
}

function compareText(op: FilterOp, fv: string, v: string): boolean {
  if (op === "=") return v === fv;
  if (op === "~=") return v.includes(fv);
  return false;
}

function compareObject(op: FilterOp, fv: FilterValue, v: { kind?: unknown }): boolean {
  switch (v.kind) {
    case "int": {
      const iv = v as { value: bigint; mask?: bigint };
      return fv.iv !== undefined && compareBig(op, fv.iv, fv.im, iv.value, iv.mask);
    }
    case "ipv4":
    case "ipv6": {
      const f = fv.net;
      if (f === undefined) return false;
      const n = flowNet(v as IpValue);
      if (n === undefined || n.v6 !== f.v6) return false;
      if (!f.v6) return compareMasked(op, f.a, f.m, f.masked, n.a, n.m, n.masked);
      return compareBig(op, f.A, f.masked ? f.M : undefined, n.A, n.masked ? n.M : undefined);
    }
    case "mac": {
      const f = fv.mac;
      if (f === undefined) return false;
      const mv = v as MacValue;
      const n = macNumber(mv.value, 0, mv.value.length);
      const m = mv.mask === undefined ? ALL48 : macNumber(mv.mask, 0, mv.mask.length);
      return compareMasked(op, f.v, f.m, f.masked, n, m, mv.mask !== undefined);
    }
    case "flags":
      return compareFlags(op, fv, v as FlagsValue);
    case "name":
      return compareText(op, fv.text, (v as { name: string }).name);
    case "raw":
      return compareText(op, fv.text, (v as { text: string }).text);
    case "packet_type":
      return compareText(op, fv.text, formatValue(v as never));
    case "field": {
      const ref = v as FieldRef;
      return op === "=" ? fv.text === ref.field || fv.text === formatFieldRef(ref) : compareText(op, fv.text, formatFieldRef(ref));
    }
    case "range":
      return compareRange(op, fv, v as RangeValue);
    default:
      return false;
  }
}

function compareFlags(op: FilterOp, fv: FilterValue, v: FlagsValue): boolean {
  const want = fv.flags;
  if (want === undefined) return compareText(op, fv.text, formatValue(v));
  const has = (f: { name: string; set: boolean }): boolean => v.flags.some((g) => g.name === f.name && g.set === f.set);
  if (op === "~=") return want.every(has);
  if (op === "=") return want.length === v.flags.length && want.every(has);
  return false;
}

/**
 * A range (`nat(dst=10.0.0.1-10.0.0.9:80-90)`): `~=` is true when some value of the range is
 * also a value of the filter's (an address or port in it, a subnet or masked value that
 * overlaps it); `=` when the range is that one value; ordering compares both ends.
 */
function compareRange(op: FilterOp, fv: FilterValue, r: RangeValue): boolean {
  if (typeof r.min === "number") {
    const max = r.max as number;
    if (op === "~=" && fv.iv !== undefined && fv.im !== undefined) {
      return inRange(BigInt(r.min), BigInt(max), fv.iv & fv.im, fv.im, 64);
    }
    const x = fv.num;
    if (x === undefined) return false;
    if (op === "~=") return x >= r.min && x <= max;
    if (op === "=") return x === r.min && x === max;
    return order(op, r.min, x) && order(op, max, x);
  }
  const f = fv.net;
  const lo = flowNet(r.min);
  const hi = flowNet(r.max as IpValue);
  if (f === undefined || lo === undefined || hi === undefined || f.v6 !== lo.v6) return false;
  const x = f.v6 ? f.A : BigInt(f.a);
  const a = lo.v6 ? lo.A : BigInt(lo.a);
  const b = hi.v6 ? hi.A : BigInt(hi.a);
  if (op === "~=") {
    const m = f.v6 ? f.M : BigInt(f.m);
    return inRange(a, b, x & m, m, f.v6 ? 128 : 32);
  }
  if (op === "=") return x === a && x === b;
  return order(op, a, x) && order(op, b, x);
}

/**
 * True when some `x` in `[lo, hi]` has `x & mask === value` (value already masked), for
 * `width`-bit values: the smallest such `x >= lo` is `lo` when it matches, else `lo` with the
 * lowest possible bit raised above the highest bit where it contradicts the mask.
 */
function inRange(lo: bigint, hi: bigint, value: bigint, mask: bigint, width: number): boolean {
  const diff = (lo ^ value) & mask;
  if (diff === 0n) return lo <= hi;
  const top = diff.toString(2).length - 1;
  let k = -1;
  const b = 1n << BigInt(top);
  if ((lo & b) === 0n) k = top;
  else {
    for (let i = top + 1; i < width; i++) {
      const bit = 1n << BigInt(i);
      if ((mask & bit) === 0n && (lo & bit) === 0n) {
        k = i;
        break;
      }
    }
  }
  if (k < 0) return false;
  const kb = 1n << BigInt(k);
  const low = kb - 1n;
  const x = (lo & ~(kb | low)) | kb | (value & low);
  return x <= hi;
}

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
import { ALL128, ALL32, ALL48, type FilterValue, type Net, ipv4Number, macNumber, readNet } from "./filter-value.js";

export { type FilterValue, readFilterValue } from "./filter-value.js";

/** A value range (`nat.addrs`, `nat.ports`): what `~=` tests containment in. */
export interface RangeValue {
  readonly kind: "range";
  readonly min: number | IpValue;
  readonly max: number | IpValue;
}

/** A match item written without a value (`ip`, `tcp`): present, and equal to nothing. @internal */
export const PRESENT: unique symbol = Symbol("present") as never;

const v6Cache = new WeakMap<IpValue, Net>();

/** A flow's IP value as an address and a mask. */
function flowNet(v: IpValue): Net | undefined {
  if (v.kind === "ipv4") {
    const a = ipv4Number(v.value, 0, v.value.length);
    let m = ALL32;
    if (v.prefix !== undefined) m = v.prefix === 0 ? 0 : (ALL32 << (32 - v.prefix)) >>> 0;
    else if (v.mask !== undefined) m = ipv4Number(v.mask, 0, v.mask.length);
    return { v6: false, a, m, A: 0n, M: 0n, masked: m !== ALL32 };
  }
  let net = v6Cache.get(v);
  if (net === undefined) {
    net = readNet(formatValue(v));
    if (net === undefined) return undefined;
    net = { ...net, masked: net.M !== ALL128 };
    v6Cache.set(v, net);
  }
  return net;
}

/** A test of one value found in a flow. @internal */
export type ValueTest = (v: unknown) => boolean;

/**
 * The test of `op` against filter value `fv`, for any type of flow value. `!=` is not handled
 * here: the compiler evaluates it as `!(=)`. @internal
 *
 * @example
 * ```ts
 * makeValueTest("~=", readFilterValue("10.0.0.5"))({ kind: "ipv4", value: "10.0.0.0", prefix: 24 }); // true
 * ```
 */
export function makeValueTest(op: FilterOp, fv: FilterValue): ValueTest {
  return (v) => compare(op, fv, v);
}

function compare(op: FilterOp, fv: FilterValue, v: unknown): boolean {
  switch (typeof v) {
    case "number":
      return compareNumber(op, fv, v);
    case "bigint":
      return fv.int !== undefined && compareBig(op, fv.int.v, fv.int.m, v, undefined);
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
  if (fv.int !== undefined) return compareBig(op, fv.int.v, fv.int.m, BigInt(v), undefined);
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

/** Masked integers: `=` compares the value (and the mask when the filter has one), `~=` containment. */
function compareBig(op: FilterOp, fv: bigint, fm: bigint | undefined, v: bigint, m: bigint | undefined): boolean {
  if (op === "~=") {
    if (m === undefined) return fm === undefined ? v === fv : false;
    return (fm === undefined || (fm & m) === m) && (fv & m) === (v & m);
  }
  if (op === "=" && fm !== undefined) return v === fv && m === fm;
  return order(op, v, fv);
}

function compareMasked(op: FilterOp, fv: number, fm: number, fMasked: boolean, v: number, m: number, masked: boolean): boolean {
  if (op === "~=") {
    if (!masked) return fMasked ? false : v === fv;
    return (!fMasked || and(fm, m) === m) && and(fv, m) === and(v, m);
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
      return fv.int !== undefined && compareBig(op, fv.int.v, fv.int.m, iv.value, iv.mask);
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

function compareRange(op: FilterOp, fv: FilterValue, r: RangeValue): boolean {
  if (typeof r.min === "number") {
    const x = fv.num;
    if (x === undefined) return false;
    const max = r.max as number;
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
  if (op === "~=") return x >= a && x <= b;
  if (op === "=") return x === a && x === b;
  return order(op, a, x) && order(op, b, x);
}

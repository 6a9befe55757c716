/**
 * The lossless JSON contract of every ovskit result: {@link toJson} and {@link fromJson}.
 *
 * Results are plain data (objects, arrays, strings, numbers, booleans, `bigint`, `null`, and
 * `Uint8Array` for raw bytes), and `fromJson(toJson(x))` is deep-equal to `x`. Plain JSON cannot
 * carry all of it, so a few values are written as one-key objects whose key starts with `$`:
 *
 * | value | JSON |
 * | --- | --- |
 * | `123n` (any `bigint`) | `{"$bigint":"123"}` |
 * | `NaN`, `Infinity`, `-Infinity`, `-0` | `{"$number":"NaN"}` (and so on) |
 * | `Uint8Array` | `{"$bytes":"0a0b"}` (hex) |
 * | `undefined` inside an array | `{"$undefined":true}` |
 * | a key that starts with `$` (`$x`) | the key `$$x` |
 *
 * A property whose value is `undefined` is absent, as in `JSON.stringify`: absent stays absent,
 * and an empty array or string stays empty. Anything else (a class instance, `Map`, `Set`,
 * `Date`, function, symbol, a cycle) is not plain data: {@link toJson} refuses it with a
 * {@link JsonContractError} that names the path of the value.
 *
 * @module
 */
import { OvskitError, hasBrand, setBrand } from "./ovskit-error.js";

const BRAND = Symbol.for("ovskit.JsonContractError");

/** Why {@link toJson} or {@link fromJson} refused a value. */
export type JsonContractErrorCode =
  /** A class instance, Map, Set, Date, function or symbol: not plain data. */
  | "not-plain-data"
  /** The value refers to itself. */
  | "cycle"
  /** {@link fromJson} was given text that is not JSON. */
  | "syntax"
  /** A `$`-tagged value of the contract is malformed (`{"$bigint":"x"}`). */
  | "bad-tag";

/**
 * Thrown by {@link toJson} for a value that is not plain data (with the path of the offending
 * value, such as `$.sections[0].items[2]`), and by {@link fromJson} for text that is not JSON or
 * holds a malformed tagged value.
 *
 * @example
 * ```ts
 * import { toJson, isJsonContractError } from "ovskit";
 * try { toJson({ when: new Date() }); } catch (e) { if (isJsonContractError(e)) console.log(e.code, e.path); } // not-plain-data $.when
 * ```
 */
export class JsonContractError extends OvskitError {
  declare readonly code: JsonContractErrorCode;
  /** Where in the value (`$.a[2].b`) or, for syntax errors, `$`. */
  readonly path: string;

  constructor(code: JsonContractErrorCode, message: string, path: string, cause?: unknown) {
    super(code, `${path}: ${message}`, { cause });
    this.name = "JsonContractError";
    this.path = path;
    setBrand(this, BRAND);
  }
}

/**
 * True when `e` is a {@link JsonContractError}, also across realms.
 *
 * @example
 * ```ts
 * import { fromJson, isJsonContractError } from "ovskit";
 * try { fromJson("{"); } catch (e) { if (isJsonContractError(e)) console.log(e.code); } // syntax
 * ```
 */
export function isJsonContractError(e: unknown): e is JsonContractError {
  return hasBrand(e, BRAND);
}

/** Options of {@link toJson}. */
export interface ToJsonOptions {
  /** Indentation, as for `JSON.stringify` (default: none, the most compact form). */
  readonly indent?: number | string;
}

const TAGS = new Set(["$bigint", "$number", "$bytes", "$undefined"]);

/** What {@link toJson}'s replacer found that is not plain data (the path is found afterwards). */
interface Refusal {
  readonly value: unknown;
  readonly what: string;
}

/**
 * Serializes any ovskit result (or any plain data) to JSON, losslessly: `bigint`s, `NaN` /
 * `Infinity` / `-0`, bytes and the empty-versus-absent distinction survive, and
 * {@link fromJson} gives back a deep-equal value. The size is linear in the value's (no node is
 * written twice unless the value holds it twice). Refuses what is not plain data with a
 * {@link JsonContractError}.
 *
 * @example
 * ```ts
 * import { parseFlowDump, toJson, fromJson } from "ovskit";
 * const dump = parseFlowDump(" cookie=0x5, priority=1 actions=drop\n");
 * const text = toJson(dump);          // cookie written as {"$bigint":"5"}
 * const back = fromJson(text);        // deep-equal to dump
 * ```
 */
export function toJson(value: unknown, options: ToJsonOptions = {}): string {
  let refusal: Refusal | undefined;
  const refuse = (v: unknown, what: string): never => {
    refusal = { value: v, what };
    throw refusal;
  };
  function replacer(this: unknown, key: string, encoded: unknown): unknown {
    const original = (this as Record<string, unknown>)[key];
    switch (typeof original) {
      case "bigint":
        return { $bigint: original.toString() };
      case "number":
        if (Number.isFinite(original) && !Object.is(original, -0)) return original;
        return { $number: Object.is(original, -0) ? "-0" : String(original) };
      case "undefined":
        return Array.isArray(this) ? { $undefined: true } : undefined;
      case "function":
      case "symbol":
        return refuse(original, `a ${typeof original} is not plain data`);
      case "object": {
        if (original === null || Array.isArray(original)) return original;
        if (original instanceof Uint8Array) return { $bytes: toHex(original) };
        const proto = Object.getPrototypeOf(original) as unknown;
        if (proto !== Object.prototype && proto !== null) {
          const name = (original as { constructor?: { name?: string } }).constructor?.name ?? "object";
          return refuse(original, `a ${name} is not plain data`);
        }
        if (encoded !== original) return refuse(original, "an object with toJSON() is not plain data");
        for (const k in original) if (k.charCodeAt(0) === 36 /* $ */) return escapeKeys(original);
        return original;
      }
      default:
        return original;
    }
  }
  try {
    return JSON.stringify(value, replacer, options.indent) ?? "null";
  } catch (e) {
    if (refusal !== undefined && e === refusal) {
      throw new JsonContractError("not-plain-data", refusal.what, pathOf(value, refusal.value));
    }
    if (e instanceof TypeError && /circular|cyclic/i.test(e.message)) {
      throw new JsonContractError("cycle", "the value refers to itself (a cycle is not plain data)", "$", e);
    }
    throw e;
  }
}

/** A copy of `o` whose keys that start with `$` get one more (`$x` is written `$$x`). */
function escapeKeys(o: object): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const k of Object.keys(o)) {
    const v = (o as Record<string, unknown>)[k];
    const name = k.charCodeAt(0) === 36 ? `$${k}` : k;
    Object.defineProperty(copy, name, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

/** The path (`$.a[2].b`) of `target` in `root`, searched breadth-first (only on errors). */
function pathOf(root: unknown, target: unknown): string {
  const queue: [unknown, string][] = [[root, "$"]];
  const seen = new Set<unknown>();
  for (let i = 0; i < queue.length; i++) {
    const [v, path] = queue[i] as [unknown, string];
    if (v === target) return path;
    if (typeof v !== "object" || v === null || seen.has(v)) continue;
    seen.add(v);
    if (Array.isArray(v)) v.forEach((x, j) => queue.push([x, `${path}[${j}]`]));
    else if (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null) {
      for (const k of Object.keys(v)) queue.push([(v as Record<string, unknown>)[k], `${path}.${k}`]);
    }
  }
  return "$";
}

/**
 * Parses JSON written by {@link toJson} back into the value it was made from (plain JSON parses
 * as `JSON.parse` would parse it). Throws {@link JsonContractError} on text that is not JSON or
 * on a malformed tagged value.
 *
 * @example
 * ```ts
 * import { fromJson } from "ovskit";
 * fromJson('{"cookie":{"$bigint":"18446744073709551615"}}'); // { cookie: 18446744073709551615n }
 * ```
 */
export function fromJson<T = unknown>(text: string): T {
  try {
    return JSON.parse(text, reviver) as T;
  } catch (e) {
    if (isJsonContractError(e)) throw e;
    throw new JsonContractError("syntax", e instanceof Error ? e.message : String(e), "$", e);
  }
}

function reviver(_key: string, value: unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  let only: string | undefined;
  let count = 0;
  let escaped = false;
  for (const k in value) {
    if (count++ === 0) only = k;
    if (k.charCodeAt(0) === 36 && k.charCodeAt(1) === 36) escaped = true;
  }
  if (escaped) return unescapeKeys(value);
  if (count !== 1 || only === undefined || !TAGS.has(only)) return value;
  const tag = (value as Record<string, unknown>)[only];
  switch (only) {
    case "$bigint":
      if (typeof tag === "string" && /^-?\d+$/.test(tag)) return BigInt(tag);
      break;
    case "$number":
      if (tag === "NaN" || tag === "Infinity" || tag === "-Infinity" || tag === "-0") return Number(tag);
      break;
    case "$bytes":
      if (typeof tag === "string" && /^(?:[0-9a-f]{2})*$/.test(tag)) return fromHex(tag);
      break;
    case "$undefined":
      if (tag === true) return undefined;
      break;
  }
  throw new JsonContractError("bad-tag", `malformed ${only} value ${JSON.stringify(tag)}`, "$");
}

function unescapeKeys(o: object): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const k of Object.keys(o)) {
    const name = k.charCodeAt(0) === 36 && k.charCodeAt(1) === 36 ? k.slice(1) : k;
    Object.defineProperty(copy, name, { value: (o as Record<string, unknown>)[k], enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

function toHex(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += (bytes[i] as number).toString(16).padStart(2, "0");
  return s;
}

function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

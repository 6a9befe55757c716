/**
 * Parsed pieces of one parse (action texts, step matches) by their text. A trace repeats
 * itself (the same `resubmit(,8)`, `reg0=0x1`, the same matches in every recirculation pass),
 * and copying a parsed piece costs a fraction of parsing it again. Every hit is a fresh deep copy,
 * so each node of the tree still sits in exactly one place (no sharing inside a trace); the
 * piece's text, a string, is handed out as is (one owned copy per distinct text, not per line).
 *
 * @module
 */
import { copyValue } from "../core/values.js";
import type { MatchField } from "../openflow/match.js";

/** Entries kept before the cache starts over: bounded memory on any input. */
const MAX_ENTRIES = 1 << 14;
/** Texts longer than this are parsed every time (rare, and the key would cost a copy). */
const MAX_KEY = 512;

/** A cached piece: its owned text, the parsed value, and the copier made for that value. */
export interface Piece<T> {
  /** The piece's source text, an owned string (not a view of the input). */
  readonly text: string;
  /** The parsed piece, as first parsed; hand out {@link Piece.copy} of it, never it. */
  readonly value: T;
  /** A fresh deep copy of `value`. */
  readonly copy: () => T;
}

/**
 * A bounded map from source text to a parsed piece, handing out deep copies.
 *
 * @internal
 * @example
 * ```ts
 * import { PieceCache } from "./piece-cache.js";
 * const cache = new PieceCache();
 * const hit = cache.get(line, 4, 18);
 * const action = hit !== undefined ? hit.copy() : cache.set(ownedSlice(line, 4, 18), parseAction(line, 4, 18));
 * ```
 */
export class PieceCache {
  private readonly map = new Map<string, Piece<unknown>>();

  /** The piece cached for `text[start, end)`, or undefined. */
  get<T>(text: string, start: number, end: number): Piece<T> | undefined {
    if (end - start > MAX_KEY) return undefined;
    return this.map.get(text.slice(start, end)) as Piece<T> | undefined;
  }

  /**
   * Remembers `value` under its owned source text `key` and returns `value`. The caller keeps
   * `value` for its tree; later hits copy it with `copier(value)` (default: a copier compiled
   * for `value`'s shape, {@link copierFor}), during this parse (the tree is not handed out yet).
   */
  set<T>(key: string, value: T, copier: (value: T) => () => T = copierFor): T {
    if (key.length > MAX_KEY) return value;
    if (this.map.size >= MAX_ENTRIES) this.map.clear();
    let copy: (() => T) | undefined;
    // The copier is made at the first hit: most pieces are never repeated.
    this.map.set(key, { text: key, value, copy: () => (copy ??= copier(value))() });
    return value;
  }
}

/** Copies one value of a fixed shape (a piece's node, or one of its sub-nodes). */
type Copy = (v: unknown) => unknown;

const same: Copy = (v) => v;
const sliceArray: Copy = (v) => (v as unknown[]).slice();
const spreadObject: Copy = (v) => ({ ...(v as object) });

/**
 * A copier for `value` and values of its exact shape: the object keys and array slots that hold
 * objects are found once, so a copy is a spread (or slice) per node with no key walk.
 */
function shapeCopy(value: unknown): Copy {
  if (typeof value !== "object" || value === null) return same;
  if (Array.isArray(value)) {
    const slots: number[] = [];
    const subs: Copy[] = [];
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (typeof v === "object" && v !== null) {
        slots.push(i);
        subs.push(shapeCopy(v));
      }
    }
    if (slots.length === 0) return sliceArray;
    return (v) => {
      const a = v as unknown[];
      const out = a.slice();
      for (let j = 0; j < slots.length; j++) {
        const i = slots[j] as number;
        out[i] = (subs[j] as Copy)(a[i]);
      }
      return out;
    };
  }
  const keys: string[] = [];
  const subs: Copy[] = [];
  for (const k in value) {
    const v: unknown = (value as Record<string, unknown>)[k];
    if (typeof v === "object" && v !== null) {
      keys.push(k);
      subs.push(shapeCopy(v));
    }
  }
  if (keys.length === 0) return spreadObject;
  return (v) => {
    const o = v as Record<string, unknown>;
    const out: Record<string, unknown> = { ...o };
    for (let j = 0; j < keys.length; j++) {
      const k = keys[j] as string;
      out[k] = (subs[j] as Copy)(o[k]);
    }
    return out;
  };
}

/**
 * A function giving fresh deep copies of `value` (plain data: objects, arrays, primitives,
 * bigint), compiled for its shape once; later copies walk no keys. `value` must not change.
 *
 * @internal
 * @example
 * ```ts
 * import { copierFor } from "./piece-cache.js";
 * const a = { kind: "load", value: 1n, dst: { field: "reg0" } };
 * const copy = copierFor(a);
 * copy().dst !== a.dst; // true
 * ```
 */
export function copierFor<T>(value: T): () => T {
  const c = shapeCopy(value);
  return () => c(value) as T;
}

/**
 * A deep copy of plain data (objects, arrays, primitives, bigint): spread and slice keep V8's
 * object shapes, so copies are as fast to use as parsed nodes.
 *
 * @internal
 * @example
 * ```ts
 * import { copyPlain } from "./piece-cache.js";
 * const a = { kind: "load", value: 1n, dst: { field: "reg0" } };
 * copyPlain(a).dst !== a.dst; // true
 * ```
 */
export function copyPlain<T>(value: T): T {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    const out = value.slice();
    for (let i = 0; i < out.length; i++) {
      const v = out[i];
      if (typeof v === "object" && v !== null) out[i] = copyPlain(v);
    }
    return out as T;
  }
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const k in out) {
    const v = out[k];
    if (typeof v === "object" && v !== null) out[k] = copyPlain(v);
  }
  return out as T;
}

/**
 * A copier for a match list (what {@link copierFor} gives, without compiling): items are
 * `{ name, value? }`, values flat but for `flags` and `packet_type`.
 *
 * @internal
 * @example
 * ```ts
 * import { PieceCache, matchListCopier } from "./piece-cache.js";
 * new PieceCache().set("ip,reg14=0x1", parseMatchList("ip,reg14=0x1", 0, 12), matchListCopier);
 * ```
 */
export function matchListCopier(items: readonly MatchField[]): () => MatchField[] {
  return () => {
    const out: MatchField[] = new Array<MatchField>(items.length);
    for (let i = 0; i < items.length; i++) {
      const f = items[i] as MatchField;
      out[i] = f.value === undefined ? { ...f } : { ...f, value: copyValue(f.value) };
    }
    return out;
  };
}

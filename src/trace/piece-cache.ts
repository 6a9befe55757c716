/**
 * Parsed pieces of one parse (action texts, step matches) by their text. A trace repeats
 * itself (the same `resubmit(,8)`, `reg0=0x1`, the same matches in every recirculation pass),
 * and copying a parsed piece costs a fraction of parsing it again. Every hit is a fresh deep copy,
 * so each node of the tree still sits in exactly one place (no sharing inside a trace).
 *
 * @module
 */
import { ownedSlice } from "../core/strings.js";
import { copyValue } from "../core/values.js";
import type { MatchField } from "../openflow/match.js";

/** Entries kept before the cache starts over: bounded memory on any input. */
const MAX_ENTRIES = 1 << 14;
/** Texts longer than this are parsed every time (rare, and the key would cost a copy). */
const MAX_KEY = 512;

/**
 * A bounded map from source text to a parsed piece, handing out deep copies.
 *
 * @internal
 * @example
 * ```ts
 * import { PieceCache } from "./piece-cache.js";
 * const cache = new PieceCache();
 * const a = cache.get(line, 4, 18) ?? cache.set(line, 4, 18, parseAction(line, 4, 18));
 * ```
 */
export class PieceCache {
  private readonly map = new Map<string, unknown>();

  /**
   * A copy of the piece cached for `text[start, end)`, or undefined. `copy` makes the copy
   * (default {@link copyPlain}; a caller that knows the piece's shape passes a faster one).
   */
  get<T>(text: string, start: number, end: number, copy: (piece: T) => T = copyPlain): T | undefined {
    if (end - start > MAX_KEY) return undefined;
    const hit = this.map.get(text.slice(start, end)) as T | undefined;
    return hit === undefined ? undefined : copy(hit);
  }

  /**
   * Remembers `value` for `text[start, end)` and returns it. The caller keeps `value` for its
   * tree; later hits get copies of it, made during this parse (the tree is not handed out yet).
   */
  set<T>(text: string, start: number, end: number, value: T): T {
    if (end - start > MAX_KEY) return value;
    if (this.map.size >= MAX_ENTRIES) this.map.clear();
    this.map.set(ownedSlice(text, start, end), value);
    return value;
  }
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
 * A copy of a match list (what {@link copyPlain} gives, without walking keys): items are
 * `{ name, value? }`, values flat but for `flags` and `packet_type`.
 *
 * @internal
 */
export function copyMatchList(items: readonly MatchField[]): MatchField[] {
  const out: MatchField[] = new Array<MatchField>(items.length);
  for (let i = 0; i < items.length; i++) {
    const f = items[i] as MatchField;
    out[i] = f.value === undefined ? { ...f } : { ...f, value: copyValue(f.value) };
  }
  return out;
}

/**
 * Sharing of identical parsed pieces within one dump (hash-consing).
 *
 * Real dumps repeat themselves: in an OVN br-int the same match items (`metadata=0x5`, `ip`),
 * action lists (`resubmit(,8)`) and durations occur thousands of times. A dump parser keeps one
 * frozen copy of each and gives every flow a reference to it, which divides both the memory a
 * parsed dump keeps and the garbage-collection work of parsing it. Everything shared is frozen
 * (the model is readonly anyway), so no flow can change another.
 *
 * @module
 */
import { owned } from "./strings.js";

/**
 * A bounded map from source text to the frozen piece it parses into. One per dump (or per
 * stream); when it is full it starts over, so memory stays bounded on endless streams.
 *
 * @example
 * ```ts
 * import { ParseCache } from "ovskit";
 * const cache = new ParseCache();
 * const v = cache.get("metadata=0x5") ?? cache.set("metadata=0x5", { name: "metadata" });
 * ```
 */
export class ParseCache {
  private readonly map = new Map<string, unknown>();

  /** @param maxEntries entries kept before the cache starts over. */
  constructor(readonly maxEntries = 1 << 16) {}

  /** The piece cached for `key`, if any. */
  get<T>(key: string): T | undefined {
    return this.map.get(key) as T | undefined;
  }

  /** Caches `value` (deep-frozen) under a private copy of `key`, and returns it. */
  set<T>(key: string, value: T): T {
    if (this.map.size >= this.maxEntries) this.map.clear();
    this.map.set(owned(key), deepFreeze(value));
    return value;
  }

  /** Number of cached pieces. */
  get size(): number {
    return this.map.size;
  }
}

/**
 * Freezes an object and everything it references (arrays and plain objects).
 *
 * @example
 * ```ts
 * import { deepFreeze } from "ovskit";
 * const a = deepFreeze({ kind: "resubmit", table: 8 });
 * Object.isFrozen(a); // true
 * ```
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

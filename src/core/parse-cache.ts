/**
 * Sharing of identical parsed pieces within one dump (hash-consing).
 *
 * Real dumps repeat themselves: in an OVN br-int the same match items (`metadata=0x5`, `ip`),
 * action lists (`resubmit(,8)`), cookies and durations occur thousands of times. A dump parser
 * keeps one frozen copy of each and gives every flow a reference to it, which divides both the
 * memory a parsed dump keeps and the garbage-collection work of parsing it. Everything shared
 * is frozen (the model is readonly anyway), so no flow can change another.
 *
 * Keys are private copies of the source text, so the cache never keeps an input alive.
 *
 * @module
 */
import { ownedSlice } from "./strings.js";

/**
 * A bounded map from source text to the frozen piece it parses into. One per dump (or per
 * stream); when it is full it starts over, so memory stays bounded on endless streams.
 *
 * @example
 * ```ts
 * import { ParseCache } from "ovskit";
 * const cache = new ParseCache();
 * const line = " priority=5,metadata=0x5 actions=drop";
 * const item = cache.get(line, 12, 24) ?? cache.set(line, 12, 24, { name: "metadata" });
 * ```
 */
export class ParseCache {
  private readonly map = new Map<string, unknown>();

  /** @param maxEntries entries kept before the cache starts over. */
  constructor(readonly maxEntries = 1 << 16) {}

  /** The piece cached for the text `text[start, end)`, if any. */
  get<T>(text: string, start: number, end: number): T | undefined {
    // A short-lived slice as key: V8 hashes and compares it natively, faster than any JS loop.
    return this.map.get(text.slice(start, end)) as T | undefined;
  }

  /** Caches `value` (deep-frozen) for the text `text[start, end)`, and returns it. */
  set<T>(text: string, start: number, end: number, value: T): T {
    if (this.map.size >= this.maxEntries) this.map.clear();
    this.map.set(ownedSlice(text, start, end), deepFreeze(value));
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
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) deepFreeze(value[i]);
  } else {
    // for-in over own fast properties: no array allocated per object, unlike Object.values.
    for (const k in value) deepFreeze((value as Record<string, unknown>)[k]);
  }
  return value;
}

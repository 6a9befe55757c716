/**
 * Interning of short names (field, action and key names) straight from a window of a larger
 * string, without allocating a substring when the name was seen before. Millions of parsed
 * items then share one copy of each name.
 *
 * @module
 */

import { ownedSlice } from "./strings.js";

const BUCKETS = 1024;
const table: (string[] | undefined)[] = new Array<string[] | undefined>(BUCKETS);
let size = 0;
const MAX_NAMES = 8192;

/**
 * Returns the interned copy of `text[start, end)`.
 *
 * @example
 * ```ts
 * import { internSlice } from "ovskit";
 * internSlice("x,nw_dst=1", 2, 8) === internSlice("nw_dst", 0, 6); // true: the same string
 * ```
 */
export function internSlice(text: string, start: number, end: number): string {
  let h = end - start;
  for (let i = start; i < end; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  const bucket = table[h & (BUCKETS - 1)];
  const len = end - start;
  if (bucket !== undefined) {
    for (let j = 0; j < bucket.length; j++) {
      const s = bucket[j] as string;
      if (s.length === len && text.startsWith(s, start)) return s;
    }
  }
  const s = ownedSlice(text, start, end);
  if (size < MAX_NAMES) {
    size++;
    if (bucket === undefined) table[h & (BUCKETS - 1)] = [s];
    else bucket.push(s);
  }
  return s;
}

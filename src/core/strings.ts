/**
 * Strings that a parsed model keeps for long. In V8 a substring of 13 or more characters is a
 * view into its parent, so keeping `line.slice(a, b)` keeps the whole input text alive (for a
 * 600k-flow dump, hundreds of megabytes). Values the model keeps are made private copies.
 *
 * @module
 */

/**
 * A copy of `text[start, end)` that does not keep `text` alive.
 *
 * @example
 * ```ts
 * import { ownedSlice } from "ovskit";
 * const name = ownedSlice(hugeDump, 120, 160); // hugeDump can be garbage-collected
 * ```
 */
export function ownedSlice(text: string, start: number, end: number): string {
  return owned(text.slice(start, end));
}

/**
 * A copy of `s` that does not keep the string it was sliced from alive.
 *
 * @example
 * ```ts
 * import { owned } from "ovskit";
 * const keep = owned(line.slice(20, 60));
 * ```
 */
export function owned(s: string): string {
  // Concatenation makes a new string; slicing it flattens it into a private buffer.
  return s.length < 13 ? s : (s + " ").slice(0, -1);
}

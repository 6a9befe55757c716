/**
 * What a filter match touched, for highlighting.
 *
 * @module
 */
import type { ValueTest } from "./values.js";

/** Where in a flow a key was found: info / statistics, match, or actions. */
export type KeyArea = "info" | "match" | "actions";

/**
 * A key a filter match touched, for highlighting: the key as written in the filter, the area,
 * the name of the item in the flow (info key, match field name, action kind) and its index
 * in `flow.match` / `flow.actions` / `flow.keys` (the top-level action that holds a nested
 * one; for a trace step, the index among its action lines that are not nested in another).
 */
export interface MatchedKey {
  readonly key: string;
  readonly area: KeyArea;
  readonly name: string;
  readonly index?: number;
}

/** Hits collected while explaining a match (undefined when only testing). @internal */
export type Hits = MatchedKey[] | undefined;

/** A compiled key test on one flow. @internal */
export type KeyPred<T> = (x: T, hits: Hits) => boolean;

/**
 * Where one key's values are found in a flow, resolved once per key and shared by every
 * comparison of that key: true when `test` is true of one of them (and recorded in `hits`).
 * @internal
 */
export type KeyScan<T> = (x: T, test: ValueTest, hits: Hits) => boolean;

/** Records a hit (when explaining) and returns true. @internal */
export function hit(hits: Hits, key: string, area: KeyArea, name: string, index?: number): true {
  if (hits !== undefined) hits.push(index === undefined ? { key, area, name } : { key, area, name, index });
  return true;
}

/** A value present for a bare key: anything but `undefined` / `false` (zero is present). @internal */
export const isPresent: ValueTest = (v) => v !== undefined && v !== false;


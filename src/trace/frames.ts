/**
 * The mutable nodes and open lists the tree builder works with, and the sharing helpers that
 * keep a big trace's model small (shared empty lists, owned texts cached with what they parse to).
 *
 * @module
 */
import type { TraceActionLine, TraceBucket, TraceItem, TraceNote, TraceStep } from "./types.js";

/** A step while its section is read. */
export type MStep = TraceStep & { actions: TraceActionLine[]; children: TraceStep[]; notes: TraceNote[]; items: TraceItem[]; priority?: number };
/** An action line while its section is read. */
export type MAction = TraceActionLine & { notes: TraceNote[]; items?: TraceItem[] };
/** A bucket while its section is read. */
export type MBucket = TraceBucket & { items: TraceItem[] };

/**
 * The shared, frozen empty list: most actions have no notes, most steps no children. Append
 * with {@link add}, never `push`.
 *
 * @internal
 * @example
 * ```ts
 * import { NONE } from "./frames.js";
 * const step = { children: NONE, notes: NONE };
 * ```
 */
export const NONE: never[] = Object.freeze([]) as unknown as never[];

/**
 * `list` with `x` appended: a new array when `list` is the shared empty one.
 *
 * @internal
 * @example
 * ```ts
 * import { NONE, add } from "./frames.js";
 * let notes = NONE as string[];
 * notes = add(notes, "first"); // a new array; NONE stays empty
 * ```
 */
export function add<T>(list: T[], x: T): T[] {
  if (list === NONE) return [x];
  list.push(x);
  return list;
}

/** A parsed piece with the owned text it came from (cached together, so both are shared). */
export interface Cached<T> {
  readonly text: string;
  readonly value: T;
}

/** One open list of nodes. */
export interface Frame {
  readonly level: number;
  readonly items: TraceItem[];
  /** The nearest enclosing step. */
  readonly step: MStep | undefined;
  /** The nearest enclosing bridge's name. */
  readonly bridge: string;
  /** The last action line of this list: notes that follow attach to it. */
  lastAction: MAction | undefined;
  /** The last node of this list when it is an action or a bucket: it may own sub-nodes. */
  lastTerminal: MAction | MBucket | undefined;
  /** Open `ct(...)` / `clone(...)` lines whose nested action lines are still expected, innermost last. */
  nest: Nest[] | undefined;
  /** The `ct(...)` line whose nested lines the last action line completed: the notes that follow are its. */
  ctDone: MAction | undefined;
}

/** A `ct(...)` or `clone(...)` line and the kinds of the nested action lines OVS prints after it. */
export interface Nest {
  readonly head: MAction;
  readonly expected: readonly string[];
  next: number;
}

/**
 * A new open list at `level`, whose nodes go to `items`.
 *
 * @internal
 * @example
 * ```ts
 * import { frame } from "./frames.js";
 * const root = frame(0, section.items, undefined, "");
 * ```
 */
export const frame = (level: number, items: TraceItem[], step: MStep | undefined, bridge: string): Frame => ({
  level,
  items,
  step,
  bridge,
  lastAction: undefined,
  lastTerminal: undefined,
  nest: undefined,
  ctDone: undefined,
});

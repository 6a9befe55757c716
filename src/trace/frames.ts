/**
 * The mutable nodes and open lists the tree builder works with.
 *
 * @module
 */
import { NestTracker } from "./action-lines.js";
import type { TraceActionLine, TraceBucket, TraceItem, TraceStep } from "./types.js";

/** A step while its section is read. */
export type MStep = TraceStep & { items: TraceItem[]; priority?: number };
/** An action line while its section is read. */
export type MAction = TraceActionLine & { items?: TraceItem[]; nestedIn?: number };
/** A bucket while its section is read. */
export type MBucket = TraceBucket & { items: TraceItem[] };

/** One open list of nodes. */
export interface Frame {
  readonly level: number;
  readonly items: TraceItem[];
  /** The nearest enclosing step. */
  readonly step: MStep | undefined;
  /** The nearest enclosing bridge's name. */
  readonly bridge: string;
  /** The last node of this list when it is an action or a bucket: it may own sub-nodes. */
  lastTerminal: MAction | MBucket | undefined;
  /** Which action line of this list is nested in which (created with the first action line). */
  nest: NestTracker | undefined;
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
  lastTerminal: undefined,
  nest: undefined,
});

/**
 * The OpenFlow flow model: {@link Flow} (actions decoded) and {@link LazyFlow} (actions kept as
 * text), both plain data, and the pure functions that decode a lazy flow.
 *
 * @module
 */
import { OvsParseError } from "../core/parse-error.js";
import { ParseCache } from "../core/parse-cache.js";
import { parseActions } from "./actions/parse.js";
import type { Action } from "./actions/types.js";
import type { MatchField } from "./match.js";

/** A flow's age since it was added: whole seconds and nanoseconds, as OVS keeps it. */
export interface Duration {
  readonly sec: number;
  readonly nsec: number;
}

/** The flow-mod flags OVS prints among the info items. */
export type FlowFlag = "send_flow_rem" | "check_overlap" | "reset_counts" | "no_packet_counts" | "no_byte_counts" | "emerg";

/**
 * What every flow has, decoded or lazy: the info items, the priority and the match. Info
 * items are present when the dump printed them (`--no-stats` prints none of the statistics);
 * an absent item is an absent property. 64-bit counters and the cookie are exact `bigint`s.
 */
export interface FlowBase {
  readonly cookie?: bigint | undefined;
  readonly duration?: Duration | undefined;
  /** Table number, or its name when the dump used table names. */
  readonly table?: number | string | undefined;
  readonly nPackets?: bigint | undefined;
  readonly nBytes?: bigint | undefined;
  readonly idleTimeout?: number | undefined;
  readonly hardTimeout?: number | undefined;
  readonly importance?: number | undefined;
  readonly idleAge?: number | undefined;
  readonly hardAge?: number | undefined;
  /** Flow-mod flags (`send_flow_rem`, `reset_counts`, ...), in the order printed. */
  readonly flags?: readonly FlowFlag[] | undefined;
  /** Absent when the flow has the default priority (32768), which OVS does not print. */
  readonly priority?: number | undefined;
  /** Match items in the order printed (without `priority`). */
  readonly match: readonly MatchField[];
  /** 1-based line number in the dump it came from, when parsed from a dump. */
  readonly line?: number | undefined;
}

/**
 * One OpenFlow flow as printed by `ovs-ofctl dump-flows`, its actions decoded. Plain data:
 * `structuredClone(flow)` and `fromJson(toJson(flow))` are deep-equal to it.
 *
 * @example
 * ```ts
 * import { parseFlow, type Flow } from "ovskit";
 * const f: Flow = parseFlow(" priority=10,ip actions=resubmit(,8)");
 * f.actions[0]; // { kind: "resubmit", table: 8 }
 * ```
 */
export interface Flow extends FlowBase {
  /** The actions (`drop` when the flow has none). */
  readonly actions: readonly Action[];
  /** Never set on a decoded flow (see {@link LazyFlow}). */
  readonly actionsText?: never;
}

/**
 * A flow whose actions were left as text (`parseFlows(text, { lazyActions: true })`): info and
 * match are decoded, `actionsText` holds the text after `actions=`. The parser checked that
 * text as it checks an eager flow's (same issues reported), so {@link decodeActions} never
 * throws on a flow it returned. Plain data, like {@link Flow}.
 *
 * @example
 * ```ts
 * import { decodeActions, parseFlow, type LazyFlow } from "ovskit";
 * const f: LazyFlow = parseFlow(" priority=10,ip actions=resubmit(,8)", { lazyActions: true });
 * f.actionsText;     // "resubmit(,8)"
 * decodeActions(f);  // [{ kind: "resubmit", table: 8 }]
 * ```
 */
export interface LazyFlow extends FlowBase {
  /** The actions as printed, after `actions=`. */
  readonly actionsText: string;
  /** Not decoded: use {@link decodeActions} or {@link decodeFlow}. */
  readonly actions?: never;
}

/** A decoded or a lazy flow: what the functions that accept either take. */
export type AnyFlow = Flow | LazyFlow;

/**
 * True when the flow's actions were left as text.
 *
 * @example
 * ```ts
 * import { isLazyFlow, parseFlow } from "ovskit";
 * isLazyFlow(parseFlow(" priority=1 actions=drop", { lazyActions: true })); // true
 * isLazyFlow(parseFlow(" priority=1 actions=drop"));                        // false
 * ```
 */
export function isLazyFlow(flow: AnyFlow): flow is LazyFlow {
  return typeof (flow as LazyFlow).actionsText === "string";
}

/**
 * The actions of a flow: decoded now from `actionsText` for a {@link LazyFlow}, the `actions`
 * of a {@link Flow}. A pure function: nothing is remembered, so a caller that needs the
 * actions of the same lazy flows repeatedly decodes them once ({@link decodeFlow}) or uses an
 * {@link ActionsDecoder}. Throws {@link OvsParseError} only for a hand-made lazy flow whose text
 * is not an action list (the parsers checked theirs).
 *
 * @example
 * ```ts
 * import { decodeActions, parseFlows } from "ovskit";
 * for (const f of parseFlows(text, { lazyActions: true })) {
 *   if (f.nPackets === 0n) continue;                   // cheap filters first
 *   if (decodeActions(f).some((a) => a.kind === "drop")) console.log(f.line);
 * }
 * ```
 */
export function decodeActions(flow: AnyFlow): readonly Action[] {
  if (!isLazyFlow(flow)) return flow.actions;
  const text = flow.actionsText;
  if (text.length === 0) throw new OvsParseError("missing", "empty actions", text, 0);
  return parseActions(text, 0, text.length);
}

/**
 * The decoded form of a flow: a new {@link Flow} with `actions` in place of `actionsText` (the
 * other properties, in the same order, are shared with the lazy flow), or the flow itself when
 * it is decoded already. For every line, `decodeFlow(parseFlow(line, { lazyActions: true }))`
 * is deep-equal to `parseFlow(line)`.
 *
 * @example
 * ```ts
 * import { decodeFlow, parseFlows } from "ovskit";
 * const lazy = parseFlows(text, { lazyActions: true });
 * const hot = lazy.filter((f) => (f.nPackets ?? 0n) > 1000n).map((f) => decodeFlow(f));
 * ```
 */
export function decodeFlow(flow: AnyFlow, decoder: (flow: LazyFlow) => readonly Action[] = decodeActions): Flow {
  if (!isLazyFlow(flow)) return flow;
  const out: Record<string, unknown> = {};
  for (const k in flow) {
    if (k === "actionsText") out.actions = decoder(flow);
    else out[k] = (flow as unknown as Record<string, unknown>)[k];
  }
  return out as unknown as Flow;
}

/**
 * Decodes the actions of many flows, sharing the result between flows whose action text is the
 * same (the flows of one dump share their action strings): what a consumer that reads the
 * actions of lazy flows repeatedly (a filter over 600k flows, a view) holds on to. Each distinct
 * text is decoded once; the lists it returns are deep-frozen (they are shared). Bounded like a
 * {@link ParseCache}; the state lives in the decoder, nothing in the module.
 *
 * @example
 * ```ts
 * import { actionsDecoder, parseFlows } from "ovskit";
 * const actionsOf = actionsDecoder();
 * const flows = parseFlows(text, { lazyActions: true });
 * const drops = flows.filter((f) => actionsOf(f).some((a) => a.kind === "drop"));
 * ```
 */
export type ActionsDecoder = (flow: AnyFlow) => readonly Action[];

/**
 * A new {@link ActionsDecoder} with its own bounded cache.
 *
 * @example
 * ```ts
 * import { actionsDecoder, decodeFlow, parseFlows } from "ovskit";
 * const decode = actionsDecoder();
 * const flows = parseFlows(text, { lazyActions: true }).map((f) => decodeFlow(f, decode));
 * ```
 */
export function actionsDecoder(maxEntries = 1 << 16): ActionsDecoder {
  const cache = new ParseCache(maxEntries);
  return (flow) => {
    if (!isLazyFlow(flow)) return flow.actions;
    const text = flow.actionsText;
    return cache.get<readonly Action[]>(text, 0, text.length) ?? cache.set(text, 0, text.length, decodeActions(flow));
  };
}

/**
 * Decodes a list of flows (see {@link decodeFlow}), flows with the same action text sharing one
 * frozen action list, as an eager parse of the same dump does.
 *
 * @example
 * ```ts
 * import { decodeFlows, parseFlows } from "ovskit";
 * const flows = decodeFlows(parseFlows(text, { lazyActions: true }));
 * ```
 */
export function decodeFlows(flows: readonly AnyFlow[]): Flow[] {
  const decode = actionsDecoder();
  const out: Flow[] = new Array<Flow>(flows.length);
  for (let i = 0; i < flows.length; i++) out[i] = decodeFlow(flows[i] as AnyFlow, decode);
  return out;
}

/**
 * Datapath flows as printed by `ovs-appctl dpctl/dump-flows [-m] [--names]`,
 * `ovs-dpctl dump-flows` and `ovs-appctl dpif/dump-flows BRIDGE`: the model ({@link DatapathFlow},
 * keys decoded; {@link LazyDatapathFlow}, keys kept as text), decoding and printing.
 *
 * @module
 */
import { type DatapathAction, formatDatapathActions } from "./actions.js";
import { type OdpNode, formatOdpNode, parseOdpNodes } from "./node.js";

/**
 * What every datapath flow (megaflow) has, decoded or lazy. `recircId` and `inPort` are lifted
 * out of the keys (the recirculation tree needs only those); an absent item is an absent
 * property.
 */
export interface DatapathFlowBase {
  readonly ufid?: string | undefined;
  /** What follows the ufid: `", "` (dpctl/dump-flows) or `" "` (dpif/dump-flows -m). */
  readonly ufidSeparator?: ", " | " " | undefined;
  /** `recirc_id(N)` of the flow, when it has one. */
  readonly recircId?: number | undefined;
  /** `in_port(N)`: a port number, or a name with `--names`. */
  readonly inPort?: number | string | undefined;
  readonly packets?: bigint | undefined;
  readonly bytes?: bigint | undefined;
  /** Seconds since last use, or `"never"`. */
  readonly used?: number | "never" | undefined;
  /** TCP flags seen (`flags:SFP.`), as printed. */
  readonly tcpFlags?: string | undefined;
  /** `dp:ovs` / `dp:tc`. */
  readonly dp?: string | undefined;
  /** `offloaded:yes` / `offloaded:partial`. */
  readonly offloaded?: string | undefined;
  readonly actions: readonly DatapathAction[];
  /** `dp-extra-info:...` as printed (e.g. `miniflow_bits(5,1)`). */
  readonly dpExtraInfo?: string | undefined;
  /** The `flow-dump from ...` section the flow was listed in (`the main thread`, `pmd on cpu core: 2`). */
  readonly thread?: string | undefined;
  /** 1-based line number in the dump it came from. */
  readonly line?: number | undefined;
}

/**
 * One datapath flow, its keys decoded: the match keys in printed order (`recirc_id(0)`,
 * `in_port(3)`, `eth(...)`, `ipv4(src=10.0.0.0/255.0.0.0,...)`...), each an {@link OdpNode} with
 * typed values and masks; {@link datapathKey} finds one by name. Plain data.
 *
 * @example
 * ```ts
 * import { parseDatapathFlow, type DatapathFlow } from "ovskit";
 * const f: DatapathFlow = parseDatapathFlow("recirc_id(0),in_port(2), packets:0, bytes:0, used:never, actions:drop");
 * f.keys[1]; // { name: "in_port", value: { kind: "int", value: 2n, hex: false }, paren: true }
 * ```
 */
export interface DatapathFlow extends DatapathFlowBase {
  readonly keys: readonly OdpNode[];
  /** Never set on a decoded flow (see {@link LazyDatapathFlow}). */
  readonly keysText?: never;
}

/**
 * A datapath flow whose keys were left as text (`{ lazyKeys: true }`): stats, actions,
 * `recircId` and `inPort` are decoded, `keysText` is a private copy of the keys as printed (it
 * does not keep the input alive). The parser checked the keys as it checks an eager flow's, so
 * {@link decodeKeys} never throws on a flow it returned. Plain data.
 *
 * @example
 * ```ts
 * import { decodeKeys, parseDatapathFlow } from "ovskit";
 * const f = parseDatapathFlow("recirc_id(0),in_port(2), packets:0, bytes:0, used:never, actions:drop", { lazyKeys: true });
 * f.keysText;       // "recirc_id(0),in_port(2)"
 * decodeKeys(f)[0]; // { name: "recirc_id", value: { kind: "int", value: 0n, hex: false }, paren: true }
 * ```
 */
export interface LazyDatapathFlow extends DatapathFlowBase {
  /** The keys as printed (without the ufid). */
  readonly keysText: string;
  /** Not decoded: use {@link decodeKeys} or {@link decodeDatapathFlow}. */
  readonly keys?: never;
}

/** A decoded or a lazy datapath flow. */
export type AnyDatapathFlow = DatapathFlow | LazyDatapathFlow;

/**
 * True when the flow's keys were left as text.
 *
 * @example
 * ```ts
 * import { isLazyDatapathFlow, parseDatapathFlow } from "ovskit";
 * isLazyDatapathFlow(parseDatapathFlow("in_port(1), packets:0, bytes:0, used:never, actions:2", { lazyKeys: true })); // true
 * ```
 */
export function isLazyDatapathFlow(flow: AnyDatapathFlow): flow is LazyDatapathFlow {
  return typeof (flow as LazyDatapathFlow).keysText === "string";
}

/**
 * The keys of a datapath flow: decoded now from `keysText` for a {@link LazyDatapathFlow}, the
 * `keys` of a {@link DatapathFlow}. Pure: nothing is remembered. Throws {@link OvsParseError}
 * only for a hand-made lazy flow whose text is not a key list.
 *
 * @example
 * ```ts
 * import { decodeKeys, parseDatapathFlows } from "ovskit";
 * for (const f of parseDatapathFlows(text, { lazyKeys: true })) if (f.recircId === 0) console.log(decodeKeys(f).length);
 * ```
 */
export function decodeKeys(flow: AnyDatapathFlow): readonly OdpNode[] {
  if (!isLazyDatapathFlow(flow)) return flow.keys;
  const text = flow.keysText;
  return text.length === 0 ? [] : parseOdpNodes(text, 0, text.length);
}

/**
 * The decoded form of a datapath flow: a new {@link DatapathFlow} with `keys` in place of
 * `keysText` (other properties shared, same order), or the flow itself when it is decoded.
 * For every line, `decodeDatapathFlow(parseDatapathFlow(line, { lazyKeys: true }))` is
 * deep-equal to `parseDatapathFlow(line)`.
 *
 * @example
 * ```ts
 * import { decodeDatapathFlow, parseDatapathFlows } from "ovskit";
 * const busy = parseDatapathFlows(text, { lazyKeys: true }).filter((f) => (f.packets ?? 0n) > 0n).map(decodeDatapathFlow);
 * ```
 */
export function decodeDatapathFlow(flow: AnyDatapathFlow): DatapathFlow {
  if (!isLazyDatapathFlow(flow)) return flow;
  const out: Record<string, unknown> = {};
  for (const k in flow) {
    if (k === "keysText") out.keys = decodeKeys(flow);
    else out[k] = (flow as unknown as Record<string, unknown>)[k];
  }
  return out as unknown as DatapathFlow;
}

/**
 * Prints a datapath flow as OVS does; for every line OVS printed,
 * `formatDatapathFlow(parseDatapathFlow(line)) === line` (a lazy flow prints its `keysText`).
 *
 * @example
 * ```ts
 * import { formatDatapathFlow, parseDatapathFlow } from "ovskit";
 * const line = "recirc_id(0),in_port(2),eth_type(0x0806), packets:0, bytes:0, used:never, actions:1";
 * formatDatapathFlow(parseDatapathFlow(line)) === line; // true
 * ```
 */
export function formatDatapathFlow(flow: AnyDatapathFlow): string {
  let out = flow.ufid === undefined ? "" : `ufid:${flow.ufid}${flow.ufidSeparator ?? ", "}`;
  if (flow.keysText !== undefined) out += flow.keysText;
  else for (let i = 0; i < flow.keys.length; i++) out += (i === 0 ? "" : ",") + formatOdpNode(flow.keys[i] as OdpNode);
  if (flow.packets !== undefined) out += `, packets:${flow.packets}`;
  if (flow.bytes !== undefined) out += `, bytes:${flow.bytes}`;
  if (flow.used !== undefined) out += `, used:${flow.used === "never" ? "never" : `${flow.used.toFixed(3)}s`}`;
  if (flow.tcpFlags !== undefined) out += `, flags:${flow.tcpFlags}`;
  if (flow.dp !== undefined) out += `, dp:${flow.dp}`;
  if (flow.offloaded !== undefined) out += `, offloaded:${flow.offloaded}`;
  out += `, actions:${formatDatapathActions(flow.actions)}`;
  if (flow.dpExtraInfo !== undefined) out += `, dp-extra-info:${flow.dpExtraInfo}`;
  return out;
}

/**
 * The key named `name` of a flow (`datapathKey(f, "ipv4")`), or `undefined` (a lazy flow's keys
 * are decoded for the lookup).
 *
 * @example
 * ```ts
 * import { datapathKey, parseDatapathFlow } from "ovskit";
 * const f = parseDatapathFlow("in_port(1),eth_type(0x0800),ipv4(dst=10.0.0.1,frag=no), packets:0, bytes:0, used:never, actions:2");
 * datapathKey(f, "ipv4")?.items?.[0]; // { name: "dst", value: { kind: "ipv4", value: "10.0.0.1" } }
 * ```
 */
export function datapathKey(flow: AnyDatapathFlow, name: string): OdpNode | undefined {
  return decodeKeys(flow).find((k) => k.name === name);
}


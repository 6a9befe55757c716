/**
 * Console text of OpenFlow and datapath flows: ANSI colours (when asked), filter matches
 * highlighted, heat-map colouring of the counters.
 *
 * @module
 */
import { type AnyDatapathFlow, decodeDatapathFlow } from "../datapath/flow.js";
import type { FlowFilter } from "../filter/compile.js";
import { type AnyFlow, actionsDecoder, decodeFlow } from "../openflow/flow.js";
import type { FlowSet } from "../views/sources.js";
import { HEAT_LEVELS, STYLES, heatLevel, heatSgr, paint } from "./ansi.js";
import { type FlowPart, datapathFlowParts, flowParts } from "./parts.js";

/** Options of the console renderers. */
export interface TextOptions {
  /** ANSI colours (see `useColor`). Default false. */
  readonly color?: boolean;
  /** Highlight what this filter matched in each flow (in colour: reverse video). */
  readonly highlight?: FlowFilter;
  /** Colour the counters by heat, by packets or bytes (in colour only). */
  readonly heatMap?: "packets" | "bytes";
}

function partSgr(p: FlowPart): string | undefined {
  if (p.kind === "info") return STYLES.info;
  if (p.kind === "match") return STYLES.key;
  if (p.kind === "action") return p.table !== undefined ? STYLES.goto : p.name === "drop" ? STYLES.drop : STYLES.action;
  return undefined;
}

/**
 * Prints parts with styles. @internal
 *
 * @example
 * ```ts
 * paintParts(flowParts(flow), true, undefined);
 * ```
 */
export function paintParts(parts: readonly FlowPart[], color: boolean, heat: { name: string; sgr: string }[] | undefined): string {
  let out = "";
  for (const p of parts) {
    if (!color) {
      out += p.text;
      continue;
    }
    const h = heat?.find((x) => x.name === p.name && p.kind === "info");
    let sgr = h !== undefined ? h.sgr : partSgr(p);
    if (p.highlight) sgr = sgr === undefined ? STYLES.highlight : `${sgr};${STYLES.highlight}`;
    out += sgr === undefined ? p.text : paint(p.text, sgr, true);
  }
  return out;
}

function isFlowSet(x: readonly AnyFlow[] | FlowSet<AnyFlow>): x is FlowSet<AnyFlow> {
  return !Array.isArray(x);
}

/**
 * Prints OpenFlow flows, one per line (as `ovs-ofctl dump-flows` prints them), prefixed with
 * `[source] ` when a {@link FlowSet} of several sources is given.
 *
 * @example
 * ```ts
 * import { compileFilter, parseFlows, renderFlowsText, useColor } from "ovskit";
 * const text = renderFlowsText(parseFlows(dump), {
 *   color: useColor({ isTTY: process.stdout.isTTY, env: process.env }),
 *   highlight: compileFilter("resubmit.table=8"),
 *   heatMap: "packets",
 * });
 * ```
 */
export function renderFlowsText(flows: readonly AnyFlow[] | FlowSet<AnyFlow>, options: TextOptions = {}): string {
  // Lazy flows are decoded once here (each distinct action text once), not per use below.
  const decode = actionsDecoder();
  const items = (isFlowSet(flows) ? flows.flows : flows.map((flow) => ({ source: "", flow }))).map((i) => ({ source: i.source, flow: decodeFlow(i.flow, decode) }));
  const showSource = isFlowSet(flows) && flows.sources.length > 1;
  const color = options.color === true;
  const by = options.heatMap;
  let max = 0n;
  if (by !== undefined) for (const { flow } of items) max = bigMax(max, (by === "bytes" ? flow.nBytes : flow.nPackets) ?? 0n);
  let out = "";
  for (const { source, flow } of items) {
    const keys = options.highlight?.explain(flow).keys;
    let heat: { name: string; sgr: string }[] | undefined;
    if (by !== undefined && color) {
      const level = heatLevel((by === "bytes" ? flow.nBytes : flow.nPackets) ?? 0n, max, HEAT_LEVELS);
      const sgr = level < 0 ? STYLES.info : `1;${heatSgr(level)}`;
      heat = [
        { name: "n_packets", sgr },
        { name: "n_bytes", sgr },
      ];
    }
    const prefix = showSource ? paint(`[${source}] `, STYLES.header, color) : "";
    out += `${prefix} ${paintParts(flowParts(flow, keys), color, heat)}\n`;
  }
  return out;
}

/**
 * Prints datapath flows, one per line, as `ovs-appctl dpctl/dump-flows` prints them.
 *
 * @example
 * ```ts
 * import { parseDatapathFlows, renderDatapathFlowsText } from "ovskit";
 * renderDatapathFlowsText(parseDatapathFlows(dump), { color: false, heatMap: "bytes" });
 * ```
 */
export function renderDatapathFlowsText(input: readonly AnyDatapathFlow[], options: TextOptions = {}): string {
  const flows = input.map(decodeDatapathFlow);
  const color = options.color === true;
  const by = options.heatMap;
  let max = 0n;
  if (by !== undefined) for (const f of flows) max = bigMax(max, (by === "bytes" ? f.bytes : f.packets) ?? 0n);
  let out = "";
  for (const f of flows) {
    const keys = options.highlight?.explain(f).keys;
    let heat: { name: string; sgr: string }[] | undefined;
    if (by !== undefined && color) {
      const level = heatLevel((by === "bytes" ? f.bytes : f.packets) ?? 0n, max, HEAT_LEVELS);
      const sgr = level < 0 ? STYLES.info : `1;${heatSgr(level)}`;
      heat = [
        { name: "packets", sgr },
        { name: "bytes", sgr },
      ];
    }
    out += paintParts(datapathFlowParts(f, keys), color, heat) + "\n";
  }
  return out;
}

function bigMax(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

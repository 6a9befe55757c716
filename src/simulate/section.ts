/**
 * One trace as `ofproto/trace` runs it (`ofproto_trace` / `ofproto_trace__`): the first
 * section from the packet, then one section per queued conntrack recirculation, each resumed
 * with the next `--ct-next` state (OVS's default `trk|new` when none is left) and with NAT
 * simulated by taking the first address and port of the range. Each section is translated
 * from its `Flow:` (`xlate_actions`: the bridge node, a thaw node when resumed, the first table
 * lookup) and ends with its results; the text is what `ofproto/trace` prints.
 *
 * @module
 */
import type { Action, NatSpec } from "../openflow/actions/types.js";
import { formatActions } from "../openflow/actions/format.js";
import { formatFlagBits, formatFlowWords } from "./flow-format.js";
import { BASE_WORDS, CS, CT_STATE_NAMES, OFPP, W } from "./layout.js";
import { ipv4Text, ipv6Text, parseIpv4, parseIpv6 } from "./net-text.js";
import { formatOdpActions, type OdpAction } from "./odp-actions.js";
import type { PipelineBridge } from "./pipeline.js";
import { isIpAny } from "./prereqs.js";
import { printNodes, type OfTraceNode } from "./trace-nodes.js";
import { doXlateActions } from "./xlate-actions.js";
import type { FrozenState, TraceRun, XlateCtx, XlateError } from "./xlate-context.js";
import { clearConntrack } from "./xlate-ct.js";
import { finishFreezing, xlateActionSet, xlateWriteActions } from "./xlate-nest.js";
import { initialLookup, resultActions } from "./xlate-table.js";
import type { FlowWords } from "./flow-state.js";
import { readStorage } from "./flow-state.js";

/**
 * What one section produced, before it is printed (`printSections`) or modelled
 * (`traceModel`): the texts of its `Flow:` and result lines and its trace tree.
 */
export interface SectionRecord {
  /** The recirculation header, for every section but the first. */
  readonly header?: RecircHeader;
  /** The text of the `Flow:` line. */
  readonly flow: string;
  readonly nodes: readonly OfTraceNode[];
  /** The text of the `Final flow:` line, or undefined for `Final flow: unchanged`. */
  readonly finalFlow: string | undefined;
  /** The text of the `Datapath actions:` line. */
  readonly datapathActions: string;
  /** The reason of `Translation failed (...)`. */
  readonly translationError?: string;
  /** The slow-path reasons, in order (none when the translation failed). */
  readonly slowPath: readonly string[];
}

/** The recirculation header of a section (`ofproto_trace_recirc_node`). */
export interface RecircHeader {
  /** `recirc(0x1) - resume conntrack with ...`. */
  readonly title: string;
  /** The texts of ` Initial flow:` and ` Modified flow:` under `Replacing src/dst IP/ports to simulate NAT:`. */
  readonly nat?: { readonly initial: string; readonly modified: string };
}

function newCtx(run: TraceRun, bridge: PipelineBridge, flow: FlowWords): XlateCtx {
  const base = flow.slice();
  base.fill(0, W.TUN_ID, W.METADATA);
  base.fill(0, BASE_WORDS, base.length);
  const wc = new Uint32Array(flow.length);
  wc[W.PACKET_TYPE] = 0xffffffff;
  wc[W.IN_PORT] = 0xffff;
  wc[W.DL_TYPE] = 0xffff;
  if (isIpAny(flow)) wc[W.NW_FRAG] = 3;
  wc[W.RECIRC_ID] = 0xffffffff;
  const tunDst = `${flow[W.TUN_DST]}/${flow[W.TUN_IPV6_DST]}/${flow[W.TUN_IPV6_DST + 1]}/${flow[W.TUN_IPV6_DST + 2]}/${flow[W.TUN_IPV6_DST + 3]}`;
  return {
    run,
    bridge,
    flow,
    base,
    wc,
    pendingEncap: false,
    pendingDecap: false,
    odp: [],
    trace: [],
    depth: 0,
    resubmits: 0,
    tableId: 0,
    ruleCookie: 0xffffffffffffffffn,
    rule: undefined,
    exit: false,
    freezing: false,
    frozen: [],
    frozenHeader: -1,
    recircUpdateDpHash: false,
    dpHashAlg: 0,
    dpHashBasis: 0,
    pause: undefined,
    wasMpls: false,
    conntracked: false,
    ctNat: undefined,
    actionSet: [],
    actionSetHasGroup: false,
    stack: [],
    error: undefined,
    slow: new Set(),
    inActionSet: false,
    origTunnelDst: tunDst === "0/0/0/0/0" ? "" : tunDst,
    note: (code, message) => {
      if (!run.caveats.some((c) => c.code === code && c.message === message && c.section === run.section)) run.caveats.push({ code, message, section: run.section });
    },
  };
}

/** `xlate_optimize_odp_actions`: a trailing datapath `clone(...)` is unwrapped. */
function optimize(actions: OdpAction[]): OdpAction[] {
  const last = actions[actions.length - 1];
  if (last !== undefined && last.t === "clone") return [...actions.slice(0, -1), ...last.actions];
  return actions;
}

/**
 * Translates one section (`ofproto_trace__`) and returns what it printed: `Flow:`, the tree,
 * `Final flow:`, `Datapath actions:` and the slow-path or failure lines.
 *
 * @internal
 * @example
 * ```ts
 * import { traceSection } from "./section.js";
 * const { nodes, datapathActions } = traceSection(run, bridge, flow, undefined, undefined);
 * ```
 */
export function traceSection(run: TraceRun, bridge: PipelineBridge, flowIn: FlowWords, frozen: FrozenState | undefined, header: RecircHeader | undefined): SectionRecord {
  const fields = run.pipeline.fields;
  const flow = flowIn.slice();
  flow[W.ACTSET_OUTPUT] = OFPP.UNSET;
  const initial = flow.slice();
  const ctx = newCtx(run, bridge, flow);
  const root: OfTraceNode[] = [];
  ctx.trace = root;
  const bridgeNode: OfTraceNode = { type: "bridge", text: `bridge("${bridge.name}")`, subs: [] };
  root.push(bridgeNode);
  ctx.trace = bridgeNode.subs;
  let actions: readonly Action[] | undefined;
  let error: XlateError | undefined;
  if (frozen !== undefined) {
    const thaw: OfTraceNode = { type: "thaw", text: "thaw", subs: [] };
    bridgeNode.subs.push(thaw);
    const frozenBridge = run.pipeline.bridges.get(frozen.bridge);
    if (frozenBridge === undefined) {
      thaw.subs.push({ type: "error", text: "Frozen bridge no longer exists.", subs: [] });
      error = "Bridge not found";
    } else {
      ctx.bridge = frozenBridge;
      ctx.tableId = frozen.tableId;
      thaw.subs.push({ type: "thaw", text: `Resuming from table ${frozen.tableId}`, subs: [] });
      ctx.conntracked = frozen.conntracked;
      if (!frozen.conntracked) clearConntrack(ctx.flow);
      ctx.stack = [...frozen.stack];
      if (frozen.actionSet.length > 0) {
        thaw.subs.push({ type: "thaw", text: `Restoring action set: ${formatActions(frozen.actionSet)}`, subs: [] });
        ctx.flow[W.ACTSET_OUTPUT] = OFPP.UNSET;
        xlateWriteActions(ctx, frozen.actionSet);
      }
      if (frozen.actions.length > 0) {
        actions = frozen.actions as readonly Action[];
        thaw.subs.push({ type: "thaw", text: `Restoring actions: ${frozen.actions.map((a) => (a.kind === "unroll_xlate" ? `unroll_xlate(table=${a.table}, cookie=0x${a.cookie.toString(16)})` : formatActions([a as Action]))).join(",")}`, subs: [] });
      }
    }
  } else if (ctx.flow[W.CT_STATE]! & CS.TRK) {
    ctx.conntracked = true;
  }
  if (error === undefined) {
    let ruleActions: readonly Action[];
    if (actions !== undefined) ruleActions = actions;
    else {
      const found = initialLookup(ctx);
      const r = resultActions(ctx, found);
      ruleActions = r.actions;
      ctx.rule = r.rule;
      ctx.ruleCookie = r.cookie;
    }
    const inPort = ctx.bridge.ports.get(ctx.flow[W.IN_PORT]!);
    if (inPort === undefined || !inPort.noRecv) {
      doXlateActions(ctx, ruleActions, true, false);
      if (ctx.error === undefined) {
        if (!ctx.freezing) xlateActionSet(ctx);
        if (ctx.freezing) finishFreezing(ctx);
      }
    }
    error = ctx.error;
  }
  const same = initial.length === ctx.flow.length && initial.every((v, i) => v === ctx.flow[i]);
  const odp = error !== undefined ? [] : optimize(ctx.odp);
  const rec: { -readonly [K in keyof SectionRecord]: SectionRecord[K] } = {
    flow: formatFlowWords(initial, fields),
    nodes: root,
    finalFlow: same ? undefined : formatFlowWords(ctx.flow, fields),
    datapathActions: formatOdpActions(odp),
    slowPath: error === undefined ? [...ctx.slow] : [],
  };
  if (header !== undefined) rec.header = header;
  if (error !== undefined) rec.translationError = error;
  return rec;
}

/**
 * Prints the sections of a trace as `ofproto/trace` does.
 *
 * @internal
 * @example
 * ```ts
 * import { printSections } from "./section.js";
 * const text = printSections(runTrace(run, bridge, flow, [], 64)).join("\n") + "\n";
 * ```
 */
export function printSections(sections: readonly SectionRecord[]): string[] {
  const lines: string[] = [];
  for (const s of sections) {
    const h = s.header;
    if (h !== undefined) {
      lines.push("", FENCE, h.title);
      if (h.nat !== undefined) lines.push(NAT_TITLE, ` Initial flow: ${h.nat.initial}`, ` Modified flow: ${h.nat.modified}`);
      lines.push(FENCE, "");
    }
    lines.push(`Flow: ${s.flow}`);
    printNodes(s.nodes, 0, lines);
    lines.push("");
    lines.push(`Final flow: ${s.finalFlow ?? "unchanged"}`);
    lines.push(`Datapath actions: ${s.datapathActions}`);
    if (s.translationError !== undefined) {
      lines.push(`Translation failed (${s.translationError}), packet is dropped.`);
    } else if (s.slowPath.length > 0) {
      lines.push("This flow is handled by the userspace slow path because it:");
      for (const r of s.slowPath) lines.push(`  - ${r}`);
    }
  }
  return lines;
}

/** The fence around a recirculation header. @internal */
export const FENCE = "=".repeat(79);
/** The first NAT line of a recirculation header. @internal */
export const NAT_TITLE = "Replacing src/dst IP/ports to simulate NAT:";

function ipFlowText(flow: FlowWords, v6: boolean | undefined): string {
  if (v6 === undefined) return "";
  if (!v6) return `nw_src=${ipv4Text(flow[W.NW_SRC]!)},tp_src=${flow[W.TP_SRC]},nw_dst=${ipv4Text(flow[W.NW_DST]!)},tp_dst=${flow[W.TP_DST]}`;
  return `ipv6_src=[${ipv6Text(readStorage(flow, W.IPV6_SRC, 4, 0, 128))}],tp_src=${flow[W.TP_SRC]},ipv6_dst=[${ipv6Text(readStorage(flow, W.IPV6_DST, 4, 0, 128))}],tp_dst=${flow[W.TP_DST]}`;
}

/** `ofproto_trace_recirc_node`: the section header, the ct_state and the simulated NAT. */
function recircHeader(run: TraceRun, flow: FlowWords, nat: NatSpec | undefined, recircId: number, ctNext: number[]): RecircHeader {
  let title = `recirc(0x${recircId.toString(16)})`;
  let ct: number;
  if (ctNext.length === 0) {
    ct = CS.TRK | CS.NEW;
    title += " - resume conntrack with default ct_state=trk|new (use --ct-next to customize)";
    run.caveats.push({ code: "ct-state-default", message: `section ${run.section}: conntrack state is not simulated; the packet resumes with OVS's default ct_state=trk|new (give ctNext to choose)`, section: run.section });
  } else {
    ct = ctNext.shift() as number;
    title += ` - resume conntrack with ct_state=${formatFlagBits(ct, CT_STATE_NAMES)}`;
    run.caveats.push({ code: "ct-state-given", message: `section ${run.section}: conntrack state is not simulated; the packet resumes with the given ct_state=${formatFlagBits(ct, CT_STATE_NAMES)}`, section: run.section });
  }
  flow[W.CT_STATE] = ct;
  if (nat === undefined) return { title };
  const v6 = nat.addrMin === undefined ? undefined : nat.addrMin.kind === "ipv6";
  const initial = ipFlowText(flow, v6);
  if (nat.type !== undefined && nat.addrMin !== undefined) {
    const isSrc = nat.type === "src";
    if (v6 === false) flow[isSrc ? W.NW_SRC : W.NW_DST] = parseIpv4(nat.addrMin.value) ?? 0;
    else {
      const a = parseIpv6(nat.addrMin.value) ?? 0n;
      const w = isSrc ? W.IPV6_SRC : W.IPV6_DST;
      for (let i = 0; i < 4; i++) flow[w + i] = Number((a >> BigInt(96 - 32 * i)) & 0xffffffffn);
    }
    if (nat.portMin !== undefined && nat.portMin !== 0) flow[isSrc ? W.TP_SRC : W.TP_DST] = nat.portMin;
  }
  run.caveats.push({ code: "nat-first-address", message: `section ${run.section}: NAT is simulated as ofproto/trace does, with the first address and port of the range`, section: run.section });
  return { title, nat: { initial, modified: ipFlowText(flow, v6) } };
}

/**
 * Runs a whole trace: the first section, then the queued conntrack recirculations in order
 * (at most `maxSections`). Returns the sections, to print or to model.
 *
 * @internal
 * @example
 * ```ts
 * import { runTrace } from "./section.js";
 * const sections = runTrace(run, bridge, flow, [0x21], 64);
 * ```
 */
export function runTrace(run: TraceRun, bridge: PipelineBridge, flow: FlowWords, ctNext: number[], maxSections: number): SectionRecord[] {
  run.section = 0;
  const out = [traceSection(run, bridge, flow, undefined, undefined)];
  let n = 1;
  for (let node = run.queue.shift(); node !== undefined; node = run.queue.shift()) {
    if (n >= maxSections) {
      run.caveats.push({ code: "section-limit", message: `the trace stopped after ${maxSections} sections (${run.queue.length + 1} recirculations left)`, section: n });
      break;
    }
    run.section = n;
    const header = recircHeader(run, node.flow, node.nat, node.recircId, ctNext);
    out.push(traceSection(run, bridge, node.flow, node.frozen, header));
    n++;
  }
  return out;
}

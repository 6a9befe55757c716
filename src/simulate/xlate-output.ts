/**
 * Outputs: `output:P` and the reserved ports (`IN_PORT`, `TABLE`, `NORMAL`, `FLOOD`, `ALL`,
 * `CONTROLLER`, `LOCAL`), `output:FIELD[]`, `output(port=P,max_len=N)`, patch ports (the peer
 * bridge's pipeline runs as a clone), tunnel ports (see `xlate-tunnel.ts`), the controller
 * (`userspace(...controller(...))`), `NORMAL` as a switch with an empty MAC table (it floods;
 * MAC learning is not simulated), and `encap` / `decap`.
 *
 * @module
 */
import type { FieldRef } from "../core/field-ref.js";
import type { Action, EncapAction, Port, SampleAction } from "../openflow/actions/types.js";
import { readBits } from "./flow-state.js";
import { BASE_WORDS, ETH_TYPE, OFPP, PT_ETH, PT_NSH, W, formatPortNumber, reservedPort } from "./layout.js";
import { countMplsLabels, pushMpls, popMpls } from "./odp-commit.js";
import { leaf, outputAction } from "./odp-actions.js";
import type { PipelineBridge, PipelinePort } from "./pipeline.js";
import { commitNow, SLOW_ACTION } from "./xlate-commit.js";
import { allocRecircId, type XlateCtx, xreport } from "./xlate-context.js";
import { clearConntrack } from "./xlate-ct.js";
import { subfieldOf, unwildcard } from "./xlate-fields.js";
import { finishFreezing, xlateActionSet } from "./xlate-nest.js";
import { xlateTableAction } from "./xlate-table.js";
import { isTunnelType, nativeTunnelOutput, kernelTunnelOutput, tunnelSend } from "./xlate-tunnel.js";

/**
 * The OpenFlow port number of an action's port, or undefined for an unknown name.
 *
 * @internal
 * @example
 * ```ts
 * import { portNumber } from "./xlate-output.js";
 * portNumber(ctx, "LOCAL"); // 65534
 * ```
 */
export function portNumber(ctx: XlateCtx, p: Port): number | undefined {
  if (typeof p === "number") return p;
  return reservedPort(p) ?? ctx.bridge.portByName.get(p);
}

/**
 * `xlate_output_action`.
 *
 * @internal
 * @example
 * ```ts
 * import { xlateOutputAction } from "./xlate-output.js";
 * xlateOutputAction(ctx, 11, 0xffff, true, last, false, false);
 * ```
 */
export function xlateOutputAction(ctx: XlateCtx, p: Port, controllerLen: number, mayPacketIn: boolean, last: boolean, truncate: boolean, groupBucket: boolean): void {
  const port = portNumber(ctx, p);
  if (port === undefined) {
    ctx.note("unknown-port", `output to port ${String(p)}, which the pipeline's port list does not have`);
    return;
  }
  const inPort = ctx.flow[W.IN_PORT]!;
  switch (port) {
    case OFPP.IN_PORT:
      composeOutputAction(ctx, inPort, true, last, truncate);
      break;
    case OFPP.TABLE:
      xlateTableAction(ctx, inPort, 0, mayPacketIn, true, false, false, false);
      break;
    case OFPP.NORMAL:
      xlateNormal(ctx);
      break;
    case OFPP.FLOOD:
      floodPackets(ctx, false, last);
      break;
    case OFPP.ALL:
      floodPackets(ctx, true, last);
      break;
    case OFPP.CONTROLLER:
      xlateControllerAction(ctx, controllerLen, ctx.inActionSet ? 3 : groupBucket ? 4 : 1, 0, undefined, undefined);
      break;
    case OFPP.NONE:
      break;
    default:
      if (port !== inPort) composeOutputAction(ctx, port, true, last, truncate);
      else xreport(ctx, "warn", "skipping output to input port");
  }
}

/** The port `ofport` of the current bridge; a stand-in when the bridge has no port list at all. */
function xportOf(ctx: XlateCtx, ofport: number): PipelinePort | undefined {
  const p = ctx.bridge.ports.get(ofport);
  if (p !== undefined) return p;
  if (ctx.bridge.ports.size === 0 && ofport < OFPP.MAX) {
    ctx.note("no-ports", `bridge ${ctx.bridge.name} has no port list: output to OpenFlow port ${ofport} is printed with that number, not its datapath port`);
    return { name: String(ofport), ofport, odpPort: ofport, type: "", options: {}, down: false, noFlood: false, noFwd: false, noRecv: false, noPacketIn: false };
  }
  return undefined;
}

/**
 * `compose_output_action__`: output to OpenFlow port `ofport` of the current bridge.
 *
 * @internal
 * @example
 * ```ts
 * import { composeOutputAction } from "./xlate-output.js";
 * composeOutputAction(ctx, 11, true, last, false);
 * ```
 */
export function composeOutputAction(ctx: XlateCtx, ofport: number, _checkStp: boolean, last: boolean, truncate: boolean): void {
  const xport = xportOf(ctx, ofport);
  const f = ctx.flow;
  if (xport === undefined) {
    xreport(ctx, "warn", "Nonexistent output port");
    return;
  }
  if (xport.noFwd) {
    xreport(ctx, "detail", "OFPPC_NO_FWD set, skipping output");
    return;
  }
  if (f[W.PACKET_TYPE] !== PT_ETH && !isTunnelType(xport.type)) {
    xreport(ctx, "warn", "Trying to send non-Ethernet packet through legacy L2 port. Dropping packet.");
    return;
  }
  if (xport.peer !== undefined || xport.type === "patch") {
    if (truncate) xreport(ctx, "error", "Cannot truncate output to patch port");
    patchPortOutput(ctx, xport, last);
    return;
  }
  const saved = f.slice(W.ETH_SRC, W.VLAN1_TCI + 1);
  const savedTos = f[W.NW_TOS]!;
  const savedPt = f[W.PACKET_TYPE]!;
  const savedTunnel = f.slice(W.TUN_ID, W.METADATA);
  let native = false;
  let outPort: number | undefined;
  if (isTunnelType(xport.type)) {
    const odp = tunnelSend(ctx, xport);
    if (odp === undefined) {
      xreport(ctx, "warn", "Tunneling decided against output");
      restore();
      return;
    }
    if (tunnelDstText(ctx) === ctx.origTunnelDst && ctx.origTunnelDst !== "") {
      xreport(ctx, "warn", "Not tunneling to our own address");
      restore();
      return;
    }
    outPort = odp;
    if (ctx.bridge.datapathType === "netdev" || ctx.bridge.datapathType === "dummy") {
      xreport(ctx, "detail", "output to native tunnel");
      native = true;
    } else {
      xreport(ctx, "detail", "output to kernel tunnel");
      kernelTunnelOutput(ctx, xport);
      f.set(savedTunnel, W.TUN_ID);
    }
  } else {
    outPort = xport.odpPort;
    if (outPort === undefined) ctx.note("no-odp-port", `port ${xport.name} has no datapath port number in the pipeline's port list: its output is printed with OpenFlow port ${xport.ofport}`);
    outPort ??= xport.ofport;
  }
  commitNow(ctx);
  if (native) {
    nativeTunnelOutput(ctx, xport, outPort, truncate, last);
    f.set(savedTunnel, W.TUN_ID);
  } else {
    ctx.odp.push(outputAction(outPort));
  }
  restore();

  function restore(): void {
    f.set(saved, W.ETH_SRC);
    f[W.NW_TOS] = savedTos;
    f[W.PACKET_TYPE] = savedPt;
  }
}

function tunnelDstText(ctx: XlateCtx): string {
  const f = ctx.flow;
  return `${f[W.TUN_DST]}/${f[W.TUN_IPV6_DST]}/${f[W.TUN_IPV6_DST + 1]}/${f[W.TUN_IPV6_DST + 2]}/${f[W.TUN_IPV6_DST + 3]}`;
}

/**
 * `patch_port_output`: the packet enters the peer bridge, whose pipeline runs from table 0 as
 * a clone (its changes do not come back).
 *
 * @internal
 * @example
 * ```ts
 * import { patchPortOutput } from "./xlate-output.js";
 * patchPortOutput(ctx, patchPort, last);
 * ```
 */
export function patchPortOutput(ctx: XlateCtx, xport: PipelinePort, last: boolean, to?: { readonly bridge: PipelineBridge; readonly port: PipelinePort }): void {
  const peer = to ?? peerOf(ctx, xport);
  if (peer === undefined) {
    ctx.note("patch-peer", `patch port ${xport.name} has no known peer in the pipeline (peer ${xport.peer ?? "not set"}); the packet is dropped there`);
    return;
  }
  const f = ctx.flow;
  const oldFlow = f.slice();
  const oldConntracked = ctx.conntracked;
  const oldWasMpls = ctx.wasMpls;
  const oldStack = ctx.stack;
  const oldActionSet = ctx.actionSet;
  const oldTrace = ctx.trace;
  const oldBridge = ctx.bridge;
  const oldWcTunnel = ctx.wc.slice(W.TUN_ID, W.METADATA);
  ctx.stack = [];
  ctx.actionSet = [];
  f[W.IN_PORT] = peer.port.ofport;
  f[W.METADATA] = 0;
  f[W.METADATA + 1] = 0;
  f.fill(0, W.TUN_ID, W.METADATA);
  f.fill(0, BASE_WORDS, f.length);
  ctx.wc.fill(0, W.TUN_ID, W.METADATA);
  f.fill(0, W.REGS, W.REGS + 16);
  f[W.ACTSET_OUTPUT] = OFPP.UNSET;
  ctx.conntracked = false;
  clearConntrack(f);
  ctx.trace = xreport(ctx, "bridge", `bridge("${peer.bridge.name}")`);
  ctx.bridge = peer.bridge;
  if (!peer.port.noRecv) {
    xlateTableAction(ctx, f[W.IN_PORT]!, 0, true, true, false, last, true);
    if (!ctx.freezing) xlateActionSet(ctx);
    if (ctx.freezing) finishFreezing(ctx);
  }
  ctx.trace = oldTrace;
  ctx.flow = oldFlow;
  ctx.bridge = oldBridge;
  ctx.actionSet = oldActionSet;
  ctx.stack = oldStack;
  ctx.wc.set(oldWcTunnel, W.TUN_ID);
  ctx.wasMpls = oldWasMpls;
  ctx.conntracked = oldConntracked;
  ctx.exit = false;
  ctx.error = undefined;
}

function peerOf(ctx: XlateCtx, xport: PipelinePort): { readonly bridge: PipelineBridge; readonly port: PipelinePort } | undefined {
  if (xport.peer === undefined) return undefined;
  for (const b of ctx.run.pipeline.bridges.values()) {
    const n = b.portByName.get(xport.peer);
    if (n === undefined) continue;
    const port = b.ports.get(n) as PipelinePort;
    return { bridge: b, port };
  }
  return undefined;
}

/**
 * `flood_packets`: every port but the input port (and, for FLOOD, but the `NO_FLOOD` ones),
 * in port-number order.
 */
function floodPackets(ctx: XlateCtx, all: boolean, last: boolean): void {
  const inPort = ctx.flow[W.IN_PORT];
  const ports = [...ctx.bridge.ports.values()].filter((p) => p.ofport !== inPort && (all || !p.noFlood)).sort((a, b) => a.ofport - b.ofport);
  ports.forEach((p, i) => composeOutputAction(ctx, p.ofport, !all, last && i === ports.length - 1, false));
  if (ports.length > 1) ctx.note("flood-order", "FLOOD/ALL output order follows OVS's port hash table, which is not recorded; the simulation outputs in port-number order");
}

/** The VLAN a bundle gives an untagged packet (access port) and the VLANs it carries. */
function vlanMode(p: PipelinePort): { readonly access?: number; readonly trunks?: readonly number[] } {
  if (p.tag !== undefined && (p.trunks === undefined || p.trunks.length === 0)) return { access: p.tag };
  return p.trunks !== undefined && p.trunks.length > 0 ? { trunks: p.trunks } : {};
}

/**
 * `xlate_normal` with an empty MAC learning table: the packet is flooded to every other port
 * that carries its VLAN (MAC learning state is not in any dump).
 */
function xlateNormal(ctx: XlateCtx): void {
  const f = ctx.flow;
  ctx.wc.fill(0xffffffff, W.ETH_SRC, W.ETH_DST + 2);
  ctx.wc[W.VLAN0_TCI] = (ctx.wc[W.VLAN0_TCI]! | 0x1fff) >>> 0;
  const inPortNo = f[W.IN_PORT]!;
  const inPort = inPortNo === OFPP.NONE ? undefined : ctx.bridge.ports.get(inPortNo);
  if (inPortNo !== OFPP.NONE && inPort === undefined) {
    xreport(ctx, "warn", "no input bundle, dropping");
    return;
  }
  const tci = f[W.VLAN0_TCI]!;
  if ((f[W.DL_TYPE] === ETH_TYPE.VLAN || f[W.DL_TYPE] === 0x88a8) && (tci & 0x1000) === 0) {
    xreport(ctx, "warn", "partial VLAN tag, dropping");
    return;
  }
  const tagged = (tci & 0x1000) !== 0;
  let vid = tagged ? tci & 0xfff : 0;
  const inMode = inPort === undefined ? {} : vlanMode(inPort);
  if (inMode.access !== undefined) {
    if (tagged && vid !== 0) {
      xreport(ctx, "warn", "disallowed VLAN VID for this input port, dropping");
      return;
    }
    vid = inMode.access;
  } else if (inMode.trunks !== undefined && !inMode.trunks.includes(vid)) {
    xreport(ctx, "warn", "disallowed VLAN VID for this input port, dropping");
    return;
  }
  ctx.note("normal-no-mac-learning", `NORMAL on ${ctx.bridge.name}: MAC learning is not simulated, so the packet is flooded as by a switch that has not learned its destination yet`);
  xreport(ctx, "detail", "no learned MAC for destination, flooding");
  const outs = [...ctx.bridge.ports.values()]
    .filter((p) => p.ofport !== inPortNo && !p.noFlood && includesVlan(p, vid))
    .sort((a, b) => (a.ofport === OFPP.LOCAL ? -1 : b.ofport === OFPP.LOCAL ? 1 : a.ofport - b.ofport));
  if (outs.length > 1) ctx.note("flood-order", "NORMAL floods in the order of the bridge's port list, which OVS does not record; the simulation floods to LOCAL first, then in port-number order");
  for (const p of outs) {
    const oldVlans = f.slice(W.VLAN0_TPID, W.VLAN1_TCI + 1);
    const mode = vlanMode(p);
    if (mode.access !== undefined) {
      f.fill(0, W.VLAN0_TPID, W.VLAN1_TCI + 1);
    } else if (vid !== 0) {
      f[W.VLAN0_TPID] = f[W.VLAN0_TPID] === 0 ? ETH_TYPE.VLAN : f[W.VLAN0_TPID]!;
      f[W.VLAN0_TCI] = (0x1000 | vid | (tci & 0xe000)) >>> 0;
    }
    composeOutputAction(ctx, p.ofport, true, false, false);
    f.set(oldVlans, W.VLAN0_TPID);
  }
}

function includesVlan(p: PipelinePort, vid: number): boolean {
  const m = vlanMode(p);
  if (m.access !== undefined) return m.access === vid;
  if (m.trunks !== undefined) return m.trunks.includes(vid);
  return true;
}

/**
 * `xlate_controller_action`: `userspace(pid=0,controller(reason=R,dont_send=1,...))`.
 *
 * @internal
 * @example
 * ```ts
 * import { xlateControllerAction } from "./xlate-output.js";
 * xlateControllerAction(ctx, 65535, 1, 0, undefined, undefined);
 * ```
 */
export function xlateControllerAction(ctx: XlateCtx, len: number, reasonIn: number, controllerId: number, meterId: number | undefined, userdata: string | undefined): void {
  commitNow(ctx);
  let reason = reasonIn;
  const rule = ctx.rule;
  if (reason === 1 && rule !== undefined && rule.priority === 0 && rule.data.flow.match.length === 0) reason = 6;
  // The frozen state: bridge, table, frozen metadata (tunnel, metadata, registers, in_port),
  // stack, conntracked, was_mpls and the userdata (not the reason, controller id or cookie):
  // equal states share one id, so `dec_ttl(1,2)` sends both packet-ins with one recirc_id.
  const f = ctx.flow;
  const md = [...f.subarray(W.TUN_ID, W.IN_PORT + 1), ...f.subarray(W.REGS, W.REGS + 16), ...f.subarray(BASE_WORDS)].join(",");
  const stack = ctx.stack.map((e) => `${e.bits}:${e.value}`).join(",");
  const recircId = allocRecircId(ctx.run, `ctl|${ctx.bridge.name}|${ctx.tableId}|${md}|${stack}|${ctx.conntracked}|${ctx.wasMpls}|${userdata ?? ""}`);
  if (ctx.bridge.datapathType === "system") ctx.note("userspace-pid", "the datapath's netlink pid of a userspace() action is not known offline; 0 is printed");
  const cookie = ctx.ruleCookie === 0n ? "0" : "0x" + ctx.ruleCookie.toString(16);
  const user = `userspace(pid=0,controller(reason=${reason},dont_send=1,continuation=0,recirc_id=${recircId},rule_cookie=${cookie},controller_id=${controllerId},max_len=${len}))`;
  if (meterId !== undefined) ctx.odp.push(leaf(`sample(sample=100.0%,actions(meter(${meterId}),${user}))`));
  else ctx.odp.push(leaf(user));
}

/**
 * `output:FIELD[]` (`xlate_output_reg_action`).
 *
 * @internal
 * @example
 * ```ts
 * import { xlateOutputRegAction } from "./xlate-output.js";
 * xlateOutputRegAction(ctx, { kind: "field", field: "NXM_NX_REG15", start: 0, end: 15 }, 0, last, false);
 * ```
 */
export function xlateOutputRegAction(ctx: XlateCtx, ref: FieldRef, maxLen: number, last: boolean, groupBucket: boolean): void {
  const sf = subfieldOf(ctx, ref);
  if (sf === undefined) {
    ctx.note("unknown-field", `output to field ${ref.field}, unknown to the simulator`);
    return;
  }
  const port = readBits(ctx.flow, sf.field, sf.ofs, sf.nBits);
  if (port <= 0xffffn) {
    xreport(ctx, "detail", `output port is ${port}`);
    unwildcard(ctx, sf);
    xlateOutputAction(ctx, Number(port), maxLen, false, last, false, groupBucket);
  } else xreport(ctx, "warn", `output port ${port} is out of range`);
}

/**
 * `output(port=P,max_len=N)` (`xlate_output_trunc_action`).
 *
 * @internal
 * @example
 * ```ts
 * import { xlateOutputTruncAction } from "./xlate-output.js";
 * xlateOutputTruncAction(ctx, 2, 100, last, false);
 * ```
 */
export function xlateOutputTruncAction(ctx: XlateCtx, p: Port, maxLen: number, last: boolean, groupBucket: boolean): void {
  const port = portNumber(ctx, p);
  if (port === undefined) return;
  switch (port) {
    case OFPP.TABLE:
    case OFPP.NORMAL:
    case OFPP.FLOOD:
    case OFPP.ALL:
    case OFPP.CONTROLLER:
    case OFPP.NONE:
      xreport(ctx, "warn", `output_trunc does not support port: ${formatPortNumber(port)}`);
      return;
  }
  if (port === ctx.flow[W.IN_PORT]) {
    xreport(ctx, "warn", "skipping output to input port");
    return;
  }
  const xport = xportOf(ctx, port);
  if (xport === undefined || xport.odpPort === undefined) {
    xreport(ctx, "error", `output_trunc does not support patch port ${formatPortNumber(port)}`);
    return;
  }
  ctx.odp.push(leaf(`trunc(${maxLen})`));
  xlateOutputAction(ctx, port, 0, false, last, true, groupBucket);
}

/**
 * `sample(...)`: needs IPFIX on the bridge, which the pipeline does not have: nothing.
 *
 * @internal
 * @example
 * ```ts
 * import { xlateSampleAction } from "./xlate-output.js";
 * xlateSampleAction(ctx, a);
 * ```
 */
export function xlateSampleAction(ctx: XlateCtx, _a: SampleAction): void {
  ctx.note("sample", "sample(...) does nothing unless IPFIX is configured on the bridge, which the pipeline does not know; it was skipped, as OVS skips it without IPFIX");
}

/**
 * `encap(ethernet|nsh(...)|mpls|mpls_mc)` (`xlate_generic_encap_action`).
 *
 * @internal
 * @example
 * ```ts
 * import { xlateEncapAction } from "./xlate-output.js";
 * xlateEncapAction(ctx, { kind: "encap", header: "nsh", properties: "md_type=1" });
 * ```
 */
export function xlateEncapAction(ctx: XlateCtx, a: EncapAction): void {
  commitNow(ctx);
  const f = ctx.flow;
  const pt = f[W.PACKET_TYPE]!;
  switch (a.header) {
    case "ethernet":
      ctx.wc[W.PACKET_TYPE] = 0xffffffff;
      if (pt >>> 16 === 1) {
        f[W.PACKET_TYPE] = PT_ETH;
        f.fill(0, W.ETH_SRC, W.ETH_DST + 2);
        f[W.DL_TYPE] = pt & 0xffff;
      } else {
        xreport(ctx, "action", "Dropping packet as encap(ethernet) is not supported for packet type ethernet.");
        ctx.error = "Unsupported packet type";
      }
      break;
    case "nsh": {
      const np = pt === PT_ETH ? 3 : pt === 0x10800 ? 1 : pt === 0x186dd ? 2 : pt === PT_NSH ? 4 : -1;
      if (np < 0) {
        xreport(ctx, "action", `Dropping packet as encap(nsh) is not supported for packet type (${pt >>> 16},0x${(pt & 0xffff).toString(16)})`);
        ctx.error = "Unsupported packet type";
        break;
      }
      ctx.wc[W.PACKET_TYPE] = 0xffffffff;
      const mdType = /md_type=(\d+)/.exec(a.properties ?? "")?.[1] === "2" ? 2 : 1;
      f.fill(0, W.ETH_SRC, BASE_WORDS);
      f[W.PACKET_TYPE] = PT_NSH;
      f[W.DL_TYPE] = ETH_TYPE.NSH;
      f[W.NSH_FLAGS] = 0;
      f[W.NSH_TTL] = 63;
      f[W.NSH_NP] = np;
      f[W.NSH_PATH] = 255;
      f[W.NSH_MDTYPE] = mdType;
      if (mdType === 2) ctx.note("nsh-md2", "encap(nsh(md_type=2)) context TLVs are not simulated");
      break;
    }
    case "mpls":
    case "mpls_mc": {
      const n = countMplsLabels(f);
      if (n >= 3) {
        ctx.error = "Too many MPLS labels";
        return;
      }
      ctx.wc[W.PACKET_TYPE] = 0xffffffff;
      const type = a.header === "mpls" ? ETH_TYPE.MPLS : ETH_TYPE.MPLS_MCAST;
      f[W.PACKET_TYPE] = (1 << 16) | type;
      pushMpls(f, n, type, ctx.wc, true);
      f.fill(0, W.ETH_SRC, W.ETH_DST + 2);
      ctx.slow.add(SLOW_ACTION);
      break;
    }
    default:
      ctx.note("encap", `encap(${a.header}) is not simulated`);
      return;
  }
  if (ctx.error === undefined) ctx.pendingEncap = true;
}

/**
 * `decap()` (`xlate_generic_decap_action`): true when the packet must be recirculated to be
 * parsed again (after popping NSH or the last MPLS label).
 *
 * @internal
 * @example
 * ```ts
 * import { xlateDecapAction } from "./xlate-output.js";
 * if (xlateDecapAction(ctx)) ctxTriggerFreeze(ctx);
 * ```
 */
export function xlateDecapAction(ctx: XlateCtx): boolean {
  commitNow(ctx);
  const f = ctx.flow;
  const pt = f[W.PACKET_TYPE]!;
  if (pt === PT_ETH) {
    if (f[W.VLAN0_TCI]! & 0x1000) {
      xreport(ctx, "action", "Dropping packet, cannot decap Ethernet if VLAN is present.");
      ctx.error = "Unsupported packet type";
    } else {
      f[W.PACKET_TYPE] = (1 << 16) | f[W.DL_TYPE]!;
      f.fill(0, W.ETH_SRC, W.ETH_DST + 2);
      ctx.wc[W.DL_TYPE] = 0xffff;
    }
    return false;
  }
  if (pt === PT_NSH) {
    const np = f[W.NSH_NP];
    const next = np === 3 ? PT_ETH : np === 1 ? 0x10800 : np === 2 ? 0x186dd : np === 4 ? PT_NSH : -1;
    if (next < 0) {
      xreport(ctx, "action", `Dropping packet as NSH next protocol ${np} is not supported`);
      ctx.error = "Unsupported packet type";
      return false;
    }
    f[W.PACKET_TYPE] = next;
    ctx.wc[W.NSH_NP] = 0xff;
    ctx.pendingDecap = true;
    return true;
  }
  if (pt >>> 16 === 1 && ((pt & 0xffff) === ETH_TYPE.MPLS || (pt & 0xffff) === ETH_TYPE.MPLS_MCAST)) {
    const n = countMplsLabels(f);
    if (popMpls(f, n, 0x6558, ctx.wc)) {
      ctx.pendingDecap = true;
      return n === 1;
    }
    return false;
  }
  xreport(ctx, "action", `Dropping packet as the decap() does not support packet type (${pt >>> 16},0x${(pt & 0xffff).toString(16)})`);
  ctx.error = "Unsupported packet type";
  return false;
}

/** Keeps the type checker honest about the action kinds handled here. */
export type OutputActionKinds = Extract<Action["kind"], "output" | "controller" | "sample" | "encap" | "decap">;

/**
 * From what users have to a {@link PipelineInput}: the texts of the dumps
 * ({@link pipelineInputFromTexts}), a sos report ({@link pipelineInputFromSos}), an ovs-save
 * directory ({@link pipelineInputFromOvsSave}), a flows directory
 * ({@link pipelineInputFromFlowsDir}), and the interfaces of conf.db
 * ({@link interfacesFromVswitch}). The readers of `ovskit/node` (`readSosReport`, `readOvsSave`,
 * `readFlowsDir`) return plain data, so these are pure functions over it: they take any value
 * of the shape they read (the interfaces below), not the readers' own types.
 *
 * When a source has a dump in several OpenFlow versions, the OpenFlow 1.5 one is used: OVS
 * prints every action as it keeps it only there (1.0 has no `ct_clear`, no `conjunction` ids
 * above 16 bits...); then 1.4, 1.3, the default.
 *
 * @module
 */
import type { Group } from "../openflow/groups.js";
import { parseGroupDump } from "../openflow/groups.js";
import { parseFlowDump } from "../openflow/dump.js";
import type { PortDesc } from "../offline/ports-desc.js";
import type { BridgeInput, InterfaceInput, PipelineFlow, PipelineInput, PipelineIssue, TlvMapInput } from "./pipeline.js";
import { type BridgePortInput, mergePorts, parseDpctlShow, parseDpifShow, parseTlvMapDump, portsFromPortsDesc, portsFromPortDescs, withDatapathPorts } from "./ports.js";
import { parseNeighShow, parseRouteShow, type UnderlayNeighbor, type UnderlayRoute } from "./underlay.js";
import { vswitchView } from "../ovn/ovsdb/vswitch-view.js";
import type { OvsdbDatabase } from "../ovn/ovsdb/types.js";

const PROTOCOL_RANK = ["OpenFlow15", "OpenFlow14", "OpenFlow13", "OpenFlow12", "OpenFlow11", undefined, "OpenFlow10"];

/** The dump of the best OpenFlow version among several (1.5 first). */
function best<T extends { readonly protocol: string | undefined }>(list: readonly T[]): T | undefined {
  let out: T | undefined;
  let rank = Infinity;
  for (const x of list) {
    const r = PROTOCOL_RANK.indexOf(x.protocol);
    const k = r < 0 ? PROTOCOL_RANK.length : r;
    if (k < rank) {
      out = x;
      rank = k;
    }
  }
  return out;
}

/** The texts of one bridge for {@link pipelineInputFromTexts}. */
export interface BridgeTexts {
  /** `ovs-ofctl -O OpenFlow15 dump-flows BRIDGE` (with or without `--no-stats`). */
  readonly flows: string;
  /** `ovs-ofctl -O OpenFlow15 dump-groups BRIDGE`. */
  readonly groups?: string;
  /** `ovs-ofctl show BRIDGE` or `dump-ports-desc BRIDGE`. */
  readonly show?: string;
  /** `ovs-ofctl dump-tlv-map BRIDGE`. */
  readonly tlvMap?: string;
  /** `ovs-ofctl -O OpenFlow15 dump-meters BRIDGE` (for the datapath ids of `meter:N`). */
  readonly meters?: string;
}

/** The texts {@link pipelineInputFromTexts} reads; only the flows are required. */
export interface PipelineTexts {
  readonly bridges: Readonly<Record<string, BridgeTexts>>;
  /** `ovs-appctl dpif/show`: datapath port numbers, tunnel options, patch peers, datapath type. */
  readonly dpifShow?: string;
  /** `ovs-appctl ovs/route/show` and `tnl/neigh/show`: the tunnel underlay (native tunnels). */
  readonly routes?: string;
  readonly neighbors?: string;
  /** conf.db interfaces (`interfacesFromVswitch(vswitchView(db))`). */
  readonly interfaces?: readonly InterfaceInput[];
}

function dumpIssues(bridge: string, what: string, issues: readonly { readonly severity: string; readonly message: string; readonly line: number }[]): PipelineIssue[] {
  return issues.filter((i) => i.severity === "error").map((i) => ({ code: "bad-dump" as const, message: `${what}: ${i.message}`, bridge, line: i.line }));
}

/**
 * A pipeline input from the texts the OVS tools print, as collected from one host at one moment.
 * Lines of a dump that cannot be read are reported in the pipeline's `issues` (code `bad-dump`).
 *
 * @example
 * ```ts
 * import { createPipeline, pipelineInputFromTexts, simulateTrace } from "ovskit";
 * const pipeline = createPipeline(pipelineInputFromTexts({
 *   bridges: { "br-int": { flows: flowsText, groups: groupsText, show: showText } },
 *   dpifShow: dpifShowText,
 * }));
 * simulateTrace(pipeline, "in_port=3,tcp,nw_src=10.0.0.1,nw_dst=10.0.0.2,nw_ttl=64,tp_dst=80", { bridge: "br-int" });
 * ```
 */
export function pipelineInputFromTexts(texts: PipelineTexts): PipelineInput {
  const dp = texts.dpifShow === undefined ? undefined : parseDpifShow(texts.dpifShow);
  const issues: PipelineIssue[] = [];
  const bridges: Record<string, BridgeInput> = {};
  for (const [name, t] of Object.entries(texts.bridges)) {
    const flows = parseFlowDump(t.flows);
    const groups = t.groups === undefined ? undefined : parseGroupDump(t.groups);
    issues.push(...dumpIssues(name, "flows", flows.issues), ...dumpIssues(name, "groups", groups?.issues ?? []));
    const datapath = dp?.datapaths.find((d) => d.bridges[name] !== undefined);
    bridges[name] = {
      flows: flows.flows,
      ...(groups !== undefined ? { groups: groups.groups } : {}),
      ...(datapath !== undefined || t.show !== undefined ? { ports: mergePorts(datapath?.bridges[name], t.show === undefined ? undefined : portsFromPortsDesc(t.show)) } : {}),
      ...(t.tlvMap !== undefined ? { tlvMap: parseTlvMapDump(t.tlvMap) } : {}),
      ...(t.meters !== undefined ? { meters: [...t.meters.matchAll(/^\s*meter=(\d+)/gm)].map((m) => Number(m[1])) } : {}),
      ...(datapath !== undefined ? { datapathType: datapath.type } : {}),
    };
  }
  return {
    bridges,
    ...(texts.interfaces !== undefined ? { interfaces: texts.interfaces } : {}),
    ...underlayOf(texts.routes, texts.neighbors),
    ...(issues.length > 0 ? { issues } : {}),
  };
}

/** A string map as conf.db views give it: a `Map` or a plain record. */
type StringMap = ReadonlyMap<string, string> | Readonly<Record<string, string>>;

const get = (m: StringMap | undefined, k: string): string | undefined => (m === undefined ? undefined : m instanceof Map ? m.get(k) : (m as Record<string, string>)[k]);

/** What {@link interfacesFromVswitch} reads of `vswitchView(db)`. */
export interface VswitchInput {
  readonly bridges: readonly { readonly name: string; readonly datapathType?: string }[];
  readonly ports: readonly { readonly name: string; readonly bridge?: string; readonly tag?: number; readonly trunks?: readonly number[] }[];
  readonly interfaces: readonly { readonly name: string; readonly type: string; readonly ofport?: number; readonly mac?: string; readonly macInUse?: string; readonly options: ReadonlyMap<string, string> | Readonly<Record<string, string>>; readonly port?: string; readonly bridge?: string }[];
}

/**
 * The interfaces of conf.db (`vswitchView(readOvsdbFile(...))`) as pipeline interfaces: type,
 * OpenFlow port, MAC, options (tunnel `remote_ip`, `key`, `csum`; patch `peer`) and the VLAN
 * configuration of their port.
 *
 * @example
 * ```ts
 * import { createPipeline, interfacesFromVswitch, readOvsdbFile, vswitchView } from "ovskit";
 * const interfaces = interfacesFromVswitch(vswitchView(readOvsdbFile(confDbBytes)));
 * const pipeline = createPipeline({ bridges: { "br-int": { flows } }, interfaces });
 * ```
 */
export function interfacesFromVswitch(view: VswitchInput): InterfaceInput[] {
  const portOf = new Map(view.ports.map((p) => [p.name, p]));
  return view.interfaces.map((i) => {
    const port = i.port === undefined ? undefined : portOf.get(i.port);
    const options: Record<string, string> = i.options instanceof Map ? Object.fromEntries(i.options) : { ...(i.options as Record<string, string>) };
    const mac = i.macInUse ?? i.mac;
    return {
      name: i.name,
      ...(i.bridge !== undefined ? { bridge: i.bridge } : {}),
      type: i.type,
      ...(i.ofport !== undefined && i.ofport >= 0 ? { ofport: i.ofport } : {}),
      ...(mac !== undefined ? { mac } : {}),
      options,
      ...(port?.tag !== undefined ? { tag: port.tag } : {}),
      ...(port?.trunks !== undefined && port.trunks.length > 0 ? { trunks: port.trunks } : {}),
    };
  });
}

/** The datapath type of each bridge of conf.db (`""` is the kernel datapath, `system`). */
function datapathTypes(view: VswitchInput | undefined): Map<string, string> {
  return new Map((view?.bridges ?? []).map((b) => [b.name, b.datapathType === undefined || b.datapathType === "" ? "system" : b.datapathType]));
}

/** What {@link pipelineInputFromSos} reads of `readSosReport(...)`. */
export interface SosInput {
  readonly bridges: readonly {
    readonly name: string;
    readonly flows: readonly { readonly protocol: string | undefined; readonly flows: readonly PipelineFlow[] }[];
    readonly groups: readonly { readonly protocol: string | undefined; readonly groups: readonly Group[] }[];
    readonly portsDesc: readonly { readonly protocol: string | undefined; readonly ports: readonly PortDesc[] }[];
    readonly vsctl?: { readonly properties: Readonly<Record<string, string>>; readonly ports: readonly { readonly name: string; readonly properties: Readonly<Record<string, string>>; readonly interfaces: readonly { readonly name: string; readonly properties: Readonly<Record<string, string>> }[] }[] } | undefined;
  }[];
  /** The outputs `readSosReport` keeps as text: `dpctl/show` and the tunnel underlay (defaults of {@link SosExtras}). */
  readonly texts?: readonly { readonly kind: string; readonly text: string }[];
  /** The OVSDB files `readSosReport` found: conf.db (`kind: "ovs"`) is the default of `SosExtras.vswitch`. */
  readonly databases?: readonly { readonly kind: string; readonly database: OvsdbDatabase }[];
}

/** `{csum="true", key=flow, remote_ip="172.18.0.3"}` (ovs-vsctl show) → a record. */
function vsctlOptions(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (text === undefined) return out;
  for (const m of text.replace(/^\{|\}$/g, "").matchAll(/([\w:-]+)=("(?:[^"\\]|\\.)*"|[^,]*)/g)) out[m[1] as string] = (m[2] as string).replace(/^"|"$/g, "");
  return out;
}

/**
 * Optional extra sources of {@link pipelineInputFromSos}. Each defaults to what the report itself
 * holds (`readSosReport` keeps these files: `texts` and `databases`); give one to override it.
 */
export interface SosExtras {
  /** `vswitchView(db)` of the report's conf.db: interface types, options, OpenFlow ports, datapath types. */
  readonly vswitch?: VswitchInput;
  /** `sos_commands/openvswitch/ovs-appctl_dpctl.show_-s_*`: the datapath port numbers. */
  readonly dpctlShow?: string;
  /** `sos_commands/openvswitch/ovs-appctl_ovs.route.show` and `..._tnl.arp.show`: the tunnel underlay. */
  readonly routes?: string;
  readonly neighbors?: string;
}

/** The extras, each defaulted from the report's own files. */
function withReportDefaults(report: SosInput, extras: SosExtras): SosExtras {
  const text = (kind: string): string | undefined => report.texts?.find((t) => t.kind === kind)?.text;
  const conf = report.databases?.find((d) => d.kind === "ovs" && d.database.error === undefined)?.database;
  const vswitch = extras.vswitch ?? (conf === undefined ? undefined : vswitchView(conf));
  const dpctlShow = extras.dpctlShow ?? text("dpctl-show");
  const routes = extras.routes ?? text("route-show");
  const neighbors = extras.neighbors ?? text("tnl-neighbors");
  return {
    ...(vswitch !== undefined ? { vswitch } : {}),
    ...(dpctlShow !== undefined ? { dpctlShow } : {}),
    ...(routes !== undefined ? { routes } : {}),
    ...(neighbors !== undefined ? { neighbors } : {}),
  };
}

/**
 * A pipeline input from a sos report (`readSosReport`): per bridge the flows and groups (the
 * OpenFlow 1.5 dumps when there are several), the ports of `dump-ports-desc` completed by
 * `ovs-vsctl show` (types, tunnel and patch options, VLAN tags) and by the extra sources given
 * (see {@link SosExtras}: conf.db, `dpctl/show`, the underlay; by default those of the report).
 * Without `dpctl/show` the datapath port numbers are unknown, and the simulated datapath actions
 * print OpenFlow port numbers (each trace says so in its caveats).
 *
 * @example
 * ```ts
 * import { readSosReport } from "ovskit/node";
 * import { createPipeline, pipelineInputFromSos, simulateTrace } from "ovskit";
 * const report = await readSosReport("sosreport-worker1.tar.xz"); // a tarball or a directory
 * const pipeline = createPipeline(pipelineInputFromSos(report)); // its conf.db, dpctl/show, routes
 * simulateTrace(pipeline, "in_port=5,arp,arp_op=1", { bridge: "br-int" });
 * ```
 */
export function pipelineInputFromSos(report: SosInput, given: SosExtras = {}): PipelineInput {
  const extras = withReportDefaults(report, given);
  const types = datapathTypes(extras.vswitch);
  const datapaths = extras.dpctlShow === undefined ? [] : parseDpctlShow(extras.dpctlShow);
  const bridges: Record<string, BridgeInput> = {};
  for (const b of report.bridges) {
    const flows = best(b.flows);
    if (flows === undefined) continue;
    const groups = best(b.groups);
    const desc = best(b.portsDesc);
    const fromVsctl: BridgePortInput[] = [];
    for (const p of b.vsctl?.ports ?? []) {
      for (const i of p.interfaces) {
        const opts = vsctlOptions(i.properties.options);
        const tag = p.properties.tag === undefined ? undefined : Number(p.properties.tag);
        fromVsctl.push({
          name: i.name,
          ...(i.properties.type !== undefined ? { type: i.properties.type } : {}),
          options: opts,
          ...(opts.peer !== undefined ? { peer: opts.peer } : {}),
          ...(tag !== undefined && Number.isInteger(tag) ? { tag } : {}),
        });
      }
    }
    const dpType = types.get(b.name) ?? b.vsctl?.properties.datapath_type ?? undefined;
    const type = dpType === undefined || dpType === "" ? "system" : dpType;
    const ports = mergePorts(fromVsctl, desc === undefined ? undefined : portsFromPortDescs(desc.ports));
    bridges[b.name] = {
      flows: flows.flows,
      ...(groups !== undefined ? { groups: groups.groups } : {}),
      ports: withDatapathPorts(ports, datapaths.find((d) => d.type === type)),
      ...(dpType !== undefined && dpType !== "" ? { datapathType: dpType } : {}),
    };
  }
  return {
    bridges,
    ...(extras.vswitch !== undefined ? { interfaces: interfacesFromVswitch(extras.vswitch) } : {}),
    ...underlayOf(extras.routes, extras.neighbors),
  };
}

function underlayOf(routes: string | undefined, neighbors: string | undefined): { underlay?: { routes: UnderlayRoute[]; neighbors: UnderlayNeighbor[] } } {
  if (routes === undefined && neighbors === undefined) return {};
  return { underlay: { routes: routes === undefined ? [] : parseRouteShow(routes), neighbors: neighbors === undefined ? [] : parseNeighShow(neighbors) } };
}

/** What {@link pipelineInputFromOvsSave} reads of `readOvsSave(...)`. */
export interface OvsSaveInput {
  readonly bridges: readonly { readonly bridge: string; readonly tlvMap: readonly TlvMapInput[]; readonly flows: readonly PipelineFlow[]; readonly groups: readonly Group[] }[];
}

/**
 * A pipeline input from an ovs-save directory (`readOvsSave`): flows, groups and TLV map of
 * each bridge. ovs-save keeps no ports: give them (`ports`, by bridge, e.g. from `dpif/show`) or
 * conf.db's interfaces, or the datapath actions print OpenFlow port numbers.
 *
 * @example
 * ```ts
 * import { readOvsSave } from "ovskit/node";
 * import { createPipeline, parseDpifShow, pipelineInputFromOvsSave } from "ovskit";
 * const save = await readOvsSave("/tmp/ovs-offline/save");
 * const dp = parseDpifShow(dpifShowText).datapaths[0];
 * const pipeline = createPipeline(pipelineInputFromOvsSave(save, { ports: dp?.bridges, datapathType: dp?.type }));
 * ```
 */
export function pipelineInputFromOvsSave(
  save: OvsSaveInput,
  options: { readonly ports?: Readonly<Record<string, readonly BridgePortInput[]>> | undefined; readonly datapathType?: string | undefined; readonly vswitch?: VswitchInput } = {},
): PipelineInput {
  const types = datapathTypes(options.vswitch);
  const bridges: Record<string, BridgeInput> = {};
  for (const b of save.bridges) {
    const ports = options.ports?.[b.bridge];
    const dpType = types.get(b.bridge) ?? options.datapathType;
    bridges[b.bridge] = { flows: b.flows, groups: b.groups, tlvMap: b.tlvMap, ...(ports !== undefined ? { ports } : {}), ...(dpType !== undefined ? { datapathType: dpType } : {}) };
  }
  return { bridges, ...(options.vswitch !== undefined ? { interfaces: interfacesFromVswitch(options.vswitch) } : {}) };
}

/** What {@link pipelineInputFromFlowsDir} reads of `readFlowsDir(...)`. */
export interface FlowsDirInput {
  readonly nodes: readonly { readonly node: string; readonly flows: readonly PipelineFlow[] }[];
}

/**
 * A pipeline input from one node of a flows directory (`readFlowsDir`: one `<node>.flows` file
 * per node, each that node's `br-int`). Flows only: add ports (`ports`) for datapath port
 * numbers and patch ports. Returns undefined when the directory has no such node.
 *
 * @example
 * ```ts
 * import { readFlowsDir } from "ovskit/node";
 * import { createPipeline, pipelineInputFromFlowsDir, simulateTrace } from "ovskit";
 * const input = pipelineInputFromFlowsDir(await readFlowsDir("/tmp/flows"), { node: "worker-1" });
 * if (input !== undefined) simulateTrace(createPipeline(input), "in_port=5,arp,arp_op=1", { bridge: "br-int" });
 * ```
 */
export function pipelineInputFromFlowsDir(dir: FlowsDirInput, options: { readonly node: string; readonly bridge?: string; readonly ports?: readonly BridgePortInput[] }): PipelineInput | undefined {
  const node = dir.nodes.find((n) => n.node === options.node);
  if (node === undefined) return undefined;
  return { bridges: { [options.bridge ?? "br-int"]: { flows: node.flows, ...(options.ports !== undefined ? { ports: options.ports } : {}) } } };
}

/**
 * The ports of a simulated switch: what translation needs to know about each (OpenFlow and
 * datapath port numbers, type, patch peer, tunnel options, MAC, state), and readers of the
 * texts that tell it: `ovs-appctl dpif/show` ({@link parseDpifShow}) and `ovs-ofctl show` /
 * `dump-ports-desc` ({@link portsFromPortsDesc}), merged by port name ({@link mergePorts}).
 *
 * @module
 */
import { type DumpIssue, forEachLine, isBlank } from "../core/dump-lines.js";
import { type PortDesc, parsePortsDesc } from "../offline/ports-desc.js";
import type { TlvMapping } from "../offline/ovs-save-script.js";
import { OFPP, TUNNEL_TYPES } from "./layout.js";

/** One port of a bridge, as the simulator sees it. Every property but `name` is optional. */
export interface BridgePortInput {
  readonly name: string;
  /** OpenFlow port number (`LOCAL` is 65534). */
  readonly ofport?: number;
  /** Datapath port number (`dpif/show`); absent for patch ports. */
  readonly odpPort?: number;
  /** Interface type: `""`/`system`, `internal`, `patch`, `geneve`, `vxlan`, `gre`, `stt`, `dummy`... */
  readonly type?: string;
  /** Patch port peer (`options:peer`). */
  readonly peer?: string;
  /** Interface options (`remote_ip`, `local_ip`, `key`, `csum`, `dst_port`, `tos`, `ttl`, `df_default`...). */
  readonly options?: Readonly<Record<string, string>>;
  /** MAC address (`addr:` of `ovs-ofctl show`). */
  readonly mac?: string;
  /** True when the port is administratively down or has no link (`PORT_DOWN` / `LINK_DOWN`). */
  readonly down?: boolean;
  /** OpenFlow port config bits `NO_FLOOD`, `NO_FWD`, `NO_RECV`, `NO_PACKET_IN`. */
  readonly noFlood?: boolean;
  readonly noFwd?: boolean;
  readonly noRecv?: boolean;
  readonly noPacketIn?: boolean;
  /** VLAN configuration of the port (conf.db `Port`): access tag and trunks. */
  readonly tag?: number;
  readonly trunks?: readonly number[];
}

/** The bridges of one datapath in `dpif/show`. */
export interface DpifShowDatapath {
  /** `dummy@ovs-dummy`, `system@ovs-system`, `netdev@ovs-netdev`. */
  readonly name: string;
  /** The datapath type: the part before `@` (`system`, `netdev`, `dummy`). */
  readonly type: string;
  readonly bridges: Readonly<Record<string, readonly BridgePortInput[]>>;
}

/** Result of {@link parseDpifShow}. */
export interface DpifShow {
  readonly datapaths: readonly DpifShowDatapath[];
  readonly issues: readonly DumpIssue[];
}

const DP_LINE = /^([\w-]+)@(\S+): hit:\d+ missed:\d+/;
const PORT_LINE = /^ {4}(\S+) (\d+)\/(\d+|none): \((\S+?)(?:: (.*))?\)\s*$/;

/**
 * Parses `ovs-appctl dpif/show`: per datapath and bridge, each port's OpenFlow and datapath
 * numbers, type and options (tunnel `remote_ip`, `key`, `csum`; patch `peer`). Lines it
 * cannot read become issues.
 *
 * @example
 * ```ts
 * import { parseDpifShow } from "ovskit";
 * const { datapaths } = parseDpifShow("dummy@ovs-dummy: hit:0 missed:0\n  br-a:\n    a1 1/16: (dummy)\n");
 * datapaths[0]?.bridges["br-a"]?.[0]; // { name: "a1", ofport: 1, odpPort: 16, type: "dummy", options: {} }
 * ```
 */
export function parseDpifShow(text: string): DpifShow {
  const datapaths: { name: string; type: string; bridges: Record<string, BridgePortInput[]> }[] = [];
  const issues: DumpIssue[] = [];
  let dp: (typeof datapaths)[number] | undefined;
  let bridge: BridgePortInput[] | undefined;
  forEachLine(text, (line, lineNo) => {
    if (isBlank(line)) return;
    const d = DP_LINE.exec(line);
    if (d !== null) {
      dp = { name: `${d[1]}@${d[2]}`, type: d[1] as string, bridges: Object.create(null) as Record<string, BridgePortInput[]> };
      datapaths.push(dp);
      bridge = undefined;
      return;
    }
    const b = /^ {2}(\S+):\s*$/.exec(line);
    if (b !== null && dp !== undefined) {
      bridge = [];
      dp.bridges[b[1] as string] = bridge;
      return;
    }
    const p = PORT_LINE.exec(line);
    if (p !== null && bridge !== undefined) {
      const options: Record<string, string> = {};
      for (const kv of (p[5] ?? "").split(", ")) {
        const eq = kv.indexOf("=");
        if (eq > 0) options[kv.slice(0, eq)] = kv.slice(eq + 1);
      }
      const type = p[4] as string;
      const port: BridgePortInput = {
        name: p[1] as string,
        ofport: Number(p[2]),
        ...(p[3] === "none" ? {} : { odpPort: Number(p[3]) }),
        type,
        options,
        ...(type === "patch" && options.peer !== undefined ? { peer: options.peer } : {}),
      };
      bridge.push(port);
      return;
    }
    issues.push({ severity: "error", code: "unrecognized", message: "not a dpif/show line", line: lineNo, column: 1, lineCount: 1, text: line });
  });
  return { datapaths, issues };
}

/**
 * The ports of `ovs-ofctl show BRIDGE` or `ovs-ofctl dump-ports-desc BRIDGE`: number, name,
 * MAC address, and the state and config flags that matter to forwarding.
 *
 * @example
 * ```ts
 * import { portsFromPortsDesc } from "ovskit";
 * const ports = portsFromPortsDesc(ofctlShowText);
 * ports.find((p) => p.name === "br-phy")?.mac; // "aa:55:aa:55:00:01"
 * ```
 */
export function portsFromPortsDesc(text: string): BridgePortInput[] {
  return portsFromPortDescs(parsePortsDesc(text).ports);
}

/**
 * {@link portsFromPortsDesc} on ports already parsed (`parsePortsDesc(text).ports`, or the
 * `portsDesc` of a sos report).
 *
 * @example
 * ```ts
 * import { parsePortsDesc, portsFromPortDescs } from "ovskit";
 * const ports = portsFromPortDescs(parsePortsDesc(text).ports);
 * ```
 */
export function portsFromPortDescs(descs: readonly PortDesc[]): BridgePortInput[] {
  return descs.map((p) => {
    const config = p.properties.config ?? "";
    const state = p.properties.state ?? "";
    const ofport = p.port === "LOCAL" ? OFPP.LOCAL : Number(p.port);
    const port: BridgePortInput = {
      name: p.name,
      ...(Number.isFinite(ofport) ? { ofport } : {}),
      mac: p.addr.toLowerCase(),
      ...(config.includes("PORT_DOWN") || state.includes("LINK_DOWN") ? { down: true } : {}),
      ...(config.includes("NO_FLOOD") ? { noFlood: true } : {}),
      ...(config.includes("NO_FWD") ? { noFwd: true } : {}),
      ...(config.includes("NO_RECV") ? { noRecv: true } : {}),
      ...(config.includes("NO_PACKET_IN") ? { noPacketIn: true } : {}),
    };
    return port;
  });
}

/**
 * Merges port lists about the same bridge (for example `dpif/show` and `ovs-ofctl show`) by
 * port name; later lists fill in what earlier ones lack and win on conflicts.
 *
 * @example
 * ```ts
 * import { mergePorts, parseDpifShow, portsFromPortsDesc } from "ovskit";
 * const ports = mergePorts(parseDpifShow(dpif).datapaths[0]!.bridges["br-int"]!, portsFromPortsDesc(show));
 * ```
 */
export function mergePorts(...lists: readonly (readonly BridgePortInput[] | undefined)[]): BridgePortInput[] {
  const byName = new Map<string, BridgePortInput>();
  for (const list of lists) {
    for (const p of list ?? []) {
      const key = byName.has(p.name) ? p.name : (truncatedMatch(byName, p) ?? p.name);
      const cur = byName.get(key);
      const name = cur === undefined || p.name.length > cur.name.length ? p.name : cur.name;
      if (key !== name) byName.delete(key);
      byName.set(name, cur === undefined ? p : { ...cur, ...p, name, options: { ...(cur.options ?? {}), ...(p.options ?? {}) } });
    }
  }
  return [...byName.values()];
}

/**
 * OpenFlow port descriptions cut names to 15 characters (`patch-br-int-to`): the one port whose
 * name extends the other's, with the same OpenFlow number when both have one, is the same port.
 *
 * @internal
 * @example
 * ```ts
 * import { truncatedMatch } from "./ports.js";
 * truncatedMatch(new Map([["patch-br-int-to-breth0", { name: "patch-br-int-to-breth0" }]]), { name: "patch-br-int-to", ofport: 7 }); // "patch-br-int-to-breth0"
 * ```
 */
export function truncatedMatch(byName: ReadonlyMap<string, BridgePortInput>, p: BridgePortInput): string | undefined {
  let found: string | undefined;
  for (const [k, q] of byName) {
    const [short, long] = k.length < p.name.length ? [k, p.name] : [p.name, k];
    if (short.length !== 15 || !long.startsWith(short)) continue;
    if (q.ofport !== undefined && p.ofport !== undefined && q.ofport !== p.ofport) continue;
    if (found !== undefined) return undefined;
    found = k;
  }
  return found;
}

/** A datapath of `dpctl/show`: its ports by datapath number. */
export interface DpctlShowDatapath {
  /** `system@ovs-system`, `netdev@ovs-netdev`, `dummy@ovs-dummy`. */
  readonly name: string;
  readonly type: string;
  readonly ports: readonly { readonly odpPort: number; readonly name: string; readonly type: string; readonly options: Readonly<Record<string, string>> }[];
}

const DPCTL_DP = /^([\w-]+)@(\S+):\s*$/;
const DPCTL_PORT = /^ {2}port (\d+): (\S+)(?: \((\S+?)(?:: (.*))?\))?\s*$/;

/**
 * Parses `ovs-appctl dpctl/show [-s]` (what a sos report has instead of `dpif/show`): each
 * datapath's ports with their datapath numbers, types and options. Statistics lines are skipped.
 *
 * @example
 * ```ts
 * import { parseDpctlShow } from "ovskit";
 * parseDpctlShow("dummy@ovs-dummy:\n  lookups: hit:6 missed:6 lost:0\n  port 4: pod1 (dummy)\n")[0]?.ports[0]; // { odpPort: 4, name: "pod1", type: "dummy", options: {} }
 * ```
 */
export function parseDpctlShow(text: string): DpctlShowDatapath[] {
  const out: { name: string; type: string; ports: DpctlShowDatapath["ports"][number][] }[] = [];
  forEachLine(text, (line) => {
    const d = DPCTL_DP.exec(line);
    if (d !== null) {
      out.push({ name: `${d[1]}@${d[2]}`, type: d[1] as string, ports: [] });
      return;
    }
    const p = DPCTL_PORT.exec(line);
    const dp = out[out.length - 1];
    if (p === null || dp === undefined) return;
    const options: Record<string, string> = {};
    for (const kv of (p[4] ?? "").split(", ")) {
      const eq = kv.indexOf("=");
      if (eq > 0) options[kv.slice(0, eq)] = kv.slice(eq + 1);
    }
    dp.ports.push({ odpPort: Number(p[1]), name: p[2] as string, type: p[3] ?? "", options });
  });
  return out;
}

/**
 * Datapath port numbers from `dpctl/show` added to a bridge's ports, by name. A tunnel port's
 * number is that of its type's tunnel vport (`genev_sys_6081`, shared by every OpenFlow tunnel
 * port of the type) when `dpctl/show` lists one; otherwise it stays unknown.
 *
 * @example
 * ```ts
 * import { parseDpctlShow, withDatapathPorts } from "ovskit";
 * const ports = withDatapathPorts(portsFromPortsDesc(showText), parseDpctlShow(dpctlText)[0]);
 * ```
 */
export function withDatapathPorts(ports: readonly BridgePortInput[], datapath: DpctlShowDatapath | undefined): BridgePortInput[] {
  if (datapath === undefined) return [...ports];
  const byName = new Map(datapath.ports.map((p) => [p.name, p]));
  const vport = new Map<string, number>();
  for (const p of datapath.ports) if (/_sys_\d+$/.test(p.name)) vport.set(p.type, p.odpPort);
  return ports.map((p) => {
    if (p.odpPort !== undefined) return p;
    if (p.type !== undefined && TUNNEL_TYPES.has(p.type)) {
      // A tunnel's datapath number is its type's vport (`genev_sys_6081`), not a port of its name.
      const v = vport.get(p.type);
      return v === undefined ? p : { ...p, odpPort: v };
    }
    const d = byName.get(p.name);
    return d === undefined || TUNNEL_TYPES.has(d.type) ? p : { ...p, odpPort: d.odpPort, ...(p.type === undefined && d.type !== "" ? { type: d.type } : {}) };
  });
}

/**
 * Parses `ovs-ofctl dump-tlv-map BRIDGE`: the Geneve option class, type and length of each
 * mapped `tun_metadataN`.
 *
 * @example
 * ```ts
 * import { parseTlvMapDump } from "ovskit";
 * parseTlvMapDump(" mapping table:\n  class  type  length  match field\n ------  ----  ------  --------------\n  0x102  0x80       4  tun_metadata0\n")[0]; // { optClass: 0x102, type: 0x80, len: 4, field: "tun_metadata0" }
 * ```
 */
export function parseTlvMapDump(text: string): TlvMapping[] {
  const out: { optClass: number; type: number; len: number; field: string }[] = [];
  forEachLine(text, (line) => {
    const m = /^\s*(0x[0-9a-fA-F]+|\d+)\s+(0x[0-9a-fA-F]+|\d+)\s+(\d+)\s+(tun_metadata\d+)\s*$/.exec(line);
    if (m !== null) out.push({ optClass: Number(m[1]), type: Number(m[2]), len: Number(m[3]), field: m[4] as string });
  });
  return out;
}

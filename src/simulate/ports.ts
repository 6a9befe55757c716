/**
 * The ports of a simulated switch: what translation needs to know about each (OpenFlow and
 * datapath port numbers, type, patch peer, tunnel options, MAC, state), and readers of the
 * texts that tell it: `ovs-appctl dpif/show` ({@link parseDpifShow}) and `ovs-ofctl show` /
 * `dump-ports-desc` ({@link portsFromPortsDesc}), merged by port name ({@link mergePorts}).
 *
 * @module
 */
import { type DumpIssue, forEachLine, isBlank } from "../core/dump-lines.js";
import { parsePortsDesc } from "../offline/ports-desc.js";
import { OFPP } from "./layout.js";

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
  return parsePortsDesc(text).ports.map((p) => {
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
      // OpenFlow port descriptions cut names to 15 characters: match those by number and prefix.
      let key = p.name;
      if (!byName.has(key) && p.name.length === 15 && p.ofport !== undefined) {
        for (const [k, q] of byName) if (q.ofport === p.ofport && k.startsWith(p.name)) key = k;
      }
      const cur = byName.get(key);
      byName.set(key, cur === undefined ? p : { ...cur, ...p, name: cur.name.length > p.name.length ? cur.name : p.name, options: { ...(cur.options ?? {}), ...(p.options ?? {}) } });
    }
  }
  return [...byName.values()];
}

/** A route of the tunnel underlay (`ovs-appctl ovs/route/show`). */
export interface UnderlayRoute {
  /** Destination network (`198.51.100.0`) and prefix length. */
  readonly prefix: string;
  readonly plen: number;
  /** Output device: the bridge whose LOCAL port owns the source address. */
  readonly dev: string;
  readonly gateway?: string;
  readonly src?: string;
  /** `local` routes win over any other of the same or shorter prefix. */
  readonly local?: boolean;
  readonly mark?: number;
}

/** A neighbour (ARP / ND cache) entry of the tunnel underlay (`ovs-appctl tnl/neigh/show`). */
export interface UnderlayNeighbor {
  readonly ip: string;
  readonly mac: string;
  readonly bridge: string;
}

/**
 * Parses `ovs-appctl ovs/route/show` (`Cached: 10.0.0.0/24 dev br-phy SRC 10.0.0.1`,
 * `User: ... GW ...`, `... local`).
 *
 * @example
 * ```ts
 * import { parseRouteShow } from "ovskit";
 * parseRouteShow("Route Table:\nUser: 198.51.100.0/24 dev br-phy SRC 198.51.100.1\n")[0]?.dev; // "br-phy"
 * ```
 */
export function parseRouteShow(text: string): UnderlayRoute[] {
  const out: UnderlayRoute[] = [];
  forEachLine(text, (line) => {
    const m = /^(?:Cached|User):\s+(\S+)\/(\d+)(.*)$/.exec(line.trim());
    if (m === null) return;
    const rest = m[3] as string;
    const dev = /\bdev (\S+)/.exec(rest)?.[1];
    if (dev === undefined) return;
    const gw = /\bGW (\S+)/.exec(rest)?.[1];
    const src = /\bSRC (\S+)/.exec(rest)?.[1];
    const mark = /\bMARK (\d+)/.exec(rest)?.[1];
    out.push({
      prefix: m[1] as string,
      plen: Number(m[2]),
      dev,
      ...(gw !== undefined ? { gateway: gw } : {}),
      ...(src !== undefined ? { src } : {}),
      ...(/\blocal\s*$/.test(rest) ? { local: true } : {}),
      ...(mark !== undefined ? { mark: Number(mark) } : {}),
    });
  });
  return out;
}

/**
 * Parses `ovs-appctl tnl/neigh/show` (or the older `tnl/arp/show`): IP, MAC and bridge.
 *
 * @example
 * ```ts
 * import { parseNeighShow } from "ovskit";
 * parseNeighShow("198.51.100.2    aa:55:aa:55:00:02   br-phy\n")[0]?.mac; // "aa:55:aa:55:00:02"
 * ```
 */
export function parseNeighShow(text: string): UnderlayNeighbor[] {
  const out: UnderlayNeighbor[] = [];
  forEachLine(text, (line) => {
    const m = /^\s*(\S+)\s+([0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5})\s+(\S+)\s*$/.exec(line);
    if (m !== null) out.push({ ip: m[1] as string, mac: (m[2] as string).toLowerCase(), bridge: m[3] as string });
  });
  return out;
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
export function parseTlvMapDump(text: string): { readonly optClass: number; readonly type: number; readonly len: number; readonly field: string }[] {
  const out: { optClass: number; type: number; len: number; field: string }[] = [];
  forEachLine(text, (line) => {
    const m = /^\s*(0x[0-9a-fA-F]+|\d+)\s+(0x[0-9a-fA-F]+|\d+)\s+(\d+)\s+(tun_metadata\d+)\s*$/.exec(line);
    if (m !== null) out.push({ optClass: Number(m[1]), type: Number(m[2]), len: Number(m[3]), field: m[4] as string });
  });
  return out;
}

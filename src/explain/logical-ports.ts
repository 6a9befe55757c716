/**
 * The logical ports of an OVN deployment as {@link buildPacket} needs them: name, datapath,
 * MAC and IPs, router peer, chassis; from the Southbound database (Port_Binding) or, without
 * it, the Northbound one (Logical_Switch_Port / Logical_Router_Port).
 *
 * @module
 * @internal
 */
import type { NbView } from "../ovn/ovsdb/nb-types.js";
import type { SbView } from "../ovn/ovsdb/sb-view.js";

/** One logical port. @internal */
export interface LogicalPortInfo {
  readonly name: string;
  /** Name (or UUID) of its logical switch / router. */
  readonly datapath: string;
  readonly type: string;
  /** `MAC [IP...]` entries: the port's addresses (IPs without their prefix length). */
  readonly addresses: readonly { readonly mac: string; readonly ips: readonly string[]; readonly prefixes: readonly string[] }[];
  /** The port on the other side of a switch-router link. */
  readonly peer?: string;
  readonly chassis?: string;
}

/** The ports by name, and the load balancers (VIP → backends). @internal */
export interface LogicalTopology {
  readonly source: "sb" | "nb";
  readonly ports: ReadonlyMap<string, LogicalPortInfo>;
  readonly loadBalancers: readonly { readonly name: string; readonly protocol?: string; readonly vips: Readonly<Record<string, string>> }[];
}

const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i;

/** `0a:58:0a:f4:01:05 10.244.1.5 fd00::5` or `0a:58:0a:f4:01:01 10.244.1.1/24`. */
function parseAddresses(entries: readonly string[]): LogicalPortInfo["addresses"] {
  const out: { mac: string; ips: string[]; prefixes: string[] }[] = [];
  for (const e of entries) {
    const words = e.trim().split(/\s+/);
    const mac = words[0] ?? "";
    if (!MAC.test(mac)) continue;
    const rest = words.slice(1);
    out.push({ mac: mac.toLowerCase(), ips: rest.map((w) => w.replace(/\/\d+$/, "")), prefixes: rest });
  }
  return out;
}

/** From the Southbound database. @internal */
export function topologyFromSb(sb: SbView): LogicalTopology {
  const dpName = new Map(sb.datapathBindings.map((d) => [d.uuid, d.name ?? d.uuid]));
  const ports = new Map<string, LogicalPortInfo>();
  for (const p of sb.portBindings) {
    const peer = p.options.peer;
    ports.set(p.logicalPort, {
      name: p.logicalPort,
      datapath: dpName.get(p.datapath) ?? p.datapath,
      type: p.type,
      addresses: parseAddresses(p.mac),
      ...(peer !== undefined && { peer }),
      ...(p.chassisName !== undefined && { chassis: p.chassisName }),
    });
  }
  return { source: "sb", ports, loadBalancers: sb.loadBalancers.map((l) => ({ name: l.name, ...(l.protocol !== undefined && { protocol: l.protocol }), vips: l.vips })) };
}

/** From the Northbound database. @internal */
export function topologyFromNb(nb: NbView): LogicalTopology {
  const ports = new Map<string, LogicalPortInfo>();
  const lrps = new Map(nb.logicalRouterPorts.map((p) => [p.name, p]));
  for (const p of nb.logicalRouterPorts) {
    ports.set(p.name, { name: p.name, datapath: p.router?.name ?? "?", type: "router-port", addresses: parseAddresses([`${p.mac} ${p.networks.join(" ")}`]), ...(p.peer !== undefined && { peer: p.peer }) });
  }
  for (const p of nb.logicalSwitchPorts) {
    const routerPort = p.type === "router" ? p.options["router-port"] : undefined;
    const entries = p.addresses.flatMap((a) => (a === "dynamic" ? (p.dynamicAddresses === undefined ? [] : [p.dynamicAddresses]) : a === "router" && routerPort !== undefined ? [`${lrps.get(routerPort)?.mac ?? ""} ${lrps.get(routerPort)?.networks.join(" ") ?? ""}`] : [a]));
    ports.set(p.name, { name: p.name, datapath: p.switch?.name ?? "?", type: p.type, addresses: parseAddresses(entries), ...(routerPort !== undefined && { peer: routerPort }) });
  }
  return { source: "nb", ports, loadBalancers: nb.loadBalancers.map((l) => ({ name: l.name, ...(l.protocol !== undefined && { protocol: l.protocol }), vips: l.vips })) };
}

function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] as number;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] as number;
      prev[j] = Math.min(up + 1, (prev[j - 1] as number) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length] as number;
}

/**
 * Up to `max` names close to `name`: those that contain it (or that it contains) first, then
 * by edit distance (at most a third of the name's length).
 *
 * @internal
 * @example
 * ```ts
 * import { closeNames } from "./logical-ports.js";
 * closeNames("ns3_pod3", ["ns3_pod3-ovn-worker", "ns1_pod1-ovn-worker"]); // ["ns3_pod3-ovn-worker"]
 * ```
 */
export function closeNames(name: string, names: Iterable<string>, max = 3): string[] {
  const q = name.toLowerCase();
  const scored: [string, number][] = [];
  for (const n of names) {
    const l = n.toLowerCase();
    if (l.includes(q) || (q.includes(l) && l.length >= 3)) scored.push([n, Math.abs(l.length - q.length) / 1000]);
    else if (Math.abs(l.length - q.length) <= Math.max(2, q.length / 3)) {
      const d = distance(q, l);
      if (d <= Math.max(2, Math.floor(q.length / 3))) scored.push([n, d]);
    }
  }
  return scored.sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1)).slice(0, max).map(([n]) => n);
}

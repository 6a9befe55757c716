/**
 * Bridges and ports from what a sos report has when it has no conf.db (sos 4.0 does not
 * collect it): `ovs-vsctl show` for the ports, their interfaces, types, options and VLAN tags,
 * and `ovs-ofctl dump-ports-desc` for the OpenFlow port number of each interface.
 *
 * @module
 */
import type { SosBridge } from "../offline/sos.js";
import type { PlanPort } from "./source.js";
import type { ReplicaChange } from "./types.js";

/** Port properties of `ovs-vsctl show` that are Port columns the replica sets. */
const PORT_COLUMNS = ["tag", "trunks", "vlan_mode", "bond_mode", "lacp"] as const;
/** Interface properties of `ovs-vsctl show` that are Interface columns the replica sets (`type` aside). */
const IFACE_COLUMNS = ["options"] as const;
/** Bridge properties of `ovs-vsctl show` that are Bridge columns the replica sets. */
const BRIDGE_COLUMNS = ["fail_mode", "datapath_type"] as const;

/**
 * The ports of a sos report's bridge, for a replica without conf.db: every port and interface
 * of `ovs-vsctl show` (type, options, tag...) with the OpenFlow port number `dump-ports-desc`
 * gives its name, and a dummy port for a number `dump-ports-desc` has and `show` does not.
 *
 * @internal
 * @example
 * ```ts
 * const { ports, bridgeColumns, notes } = sosBridgePorts(report.bridges[0]!);
 * ```
 */
export function sosBridgePorts(b: SosBridge): { ports: PlanPort[]; bridgeColumns: string[]; notes: ReplicaChange[] } {
  const notes: ReplicaChange[] = [];
  const numbers = new Map<string, number>();
  for (const d of b.portsDesc) {
    for (const p of d.ports) {
      const n = Number(p.port);
      if (Number.isInteger(n) && n > 0 && !numbers.has(p.name)) numbers.set(p.name, n);
    }
  }
  const ports: PlanPort[] = [];
  const bridgeColumns: string[] = [];
  const seen = new Set<string>();
  if (b.vsctl === undefined) {
    notes.push({ kind: "port-created", subject: `Bridge ${b.name}`, message: "not in ovs-vsctl show: its ports are made dummy ports from dump-ports-desc" });
  } else {
    for (const c of BRIDGE_COLUMNS) {
      const v = b.vsctl.properties[c];
      if (v !== undefined) bridgeColumns.push(`${c}=${v}`);
    }
    for (const p of b.vsctl.ports) {
      const own = p.name === b.name && p.interfaces.every((i) => (i.properties.type ?? "") === "internal");
      for (const i of p.interfaces) seen.add(i.name);
      if (own) continue; // the bridge's own port: add-br creates it
      const interfaces = p.interfaces.map((i) => {
        const ofport = numbers.get(i.name);
        if (ofport === undefined && b.portsDesc.length > 0) notes.push({ kind: "ofport-request", subject: `Interface ${i.name}`, message: "not in dump-ports-desc: its OpenFlow port number is picked by ovs-vswitchd" });
        const columns: string[] = [];
        for (const c of IFACE_COLUMNS) {
          const v = i.properties[c];
          if (v !== undefined) columns.push(`${c}=${v}`);
        }
        return { name: i.name, type: i.properties.type ?? "", ofport, columns };
      });
      const columns: string[] = [];
      for (const c of PORT_COLUMNS) {
        const v = p.properties[c];
        if (v !== undefined) columns.push(`${c}=${v}`);
      }
      ports.push({ name: p.name, interfaces, columns });
    }
    if (b.portsDesc.length === 0) notes.push({ kind: "ofport-request", subject: `Bridge ${b.name}`, message: "the report has no dump-ports-desc of this bridge: OpenFlow port numbers are picked by ovs-vswitchd" });
  }
  for (const [name, ofport] of numbers) {
    if (seen.has(name)) continue;
    ports.push({ name, interfaces: [{ name, type: "dummy", ofport, columns: [] }], columns: [] });
    notes.push({ kind: "port-created", subject: `Interface ${name}`, message: `in dump-ports-desc (port ${ofport}) but not in ovs-vsctl show: created as a dummy port` });
  }
  return { ports, bridgeColumns, notes };
}

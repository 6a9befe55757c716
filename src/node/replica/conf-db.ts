/**
 * Making a collected conf.db run on the dummy datapath: the `ovs-vsctl` commands that convert
 * interface types this build cannot open, pin every OpenFlow port number (`ofport_request`),
 * and cut what would reach out of the machine (controllers, NetFlow / sFlow / IPFIX targets);
 * and the commands that create bridges and ports when there is no conf.db.
 *
 * @module
 */
import type { PlanBridge } from "./source.js";
import type { ReplicaChange, ReplicaDummyMode } from "./types.js";

/**
 * The OpenFlow versions every replica bridge enables (restores use up to OpenFlow 1.5 bundles).
 *
 * @internal
 */
export const REPLICA_PROTOCOLS = ["OpenFlow10", "OpenFlow11", "OpenFlow12", "OpenFlow13", "OpenFlow14", "OpenFlow15"] as const;

const TUNNELS = ["geneve", "gre", "vxlan", "lisp", "stt", "erspan", "ip6erspan", "ip6gre", "gtpu", "bareudp", "srv6"];
const DUMMIES = ["dummy", "dummy-internal", "dummy-pmd"];
/** With `--enable-dummy=override` these are dummy netdevs under their own name. */
const OVERRIDE_KEEP = new Set(["", "system", "internal", "tap", "patch", ...TUNNELS, ...DUMMIES]);
/** With `--enable-dummy` (plain) these work without a kernel device. */
const PLAIN_KEEP = new Set(["internal", "patch", ...TUNNELS, ...DUMMIES]);

/**
 * The type an interface of `type` gets in the replica, or `undefined` when it keeps its type.
 *
 * @internal
 * @example
 * ```ts
 * replicaIfaceType("dpdk", "override");  // "dummy"
 * replicaIfaceType("geneve", "override"); // undefined
 * replicaIfaceType("system", "plain");   // "dummy"
 * ```
 */
export function replicaIfaceType(type: string, mode: ReplicaDummyMode): string | undefined {
  return (mode === "override" ? OVERRIDE_KEEP : PLAIN_KEEP).has(type) ? undefined : "dummy";
}

/**
 * The datapath type a bridge of `type` gets in the replica, or `undefined` when it keeps it.
 *
 * @internal
 * @example
 * ```ts
 * replicaDatapathType("system", "override"); // undefined (overridden by the dummy datapath)
 * replicaDatapathType("system", "plain");    // "dummy"
 * ```
 */
export function replicaDatapathType(type: string, mode: ReplicaDummyMode): string | undefined {
  if (type === "dummy") return undefined;
  if (mode === "override" && (type === "" || type === "system" || type === "netdev")) return undefined;
  return "dummy";
}

/** A row of `ovs-vsctl --format=json --data=json list TABLE`, atoms decoded. */
export type VsctlRow = Readonly<Record<string, unknown>>;

function decode(v: unknown): unknown {
  if (!Array.isArray(v)) return v;
  if (v[0] === "set") return (v[1] as unknown[]).map(decode);
  if (v[0] === "map") return Object.fromEntries((v[1] as [unknown, unknown][]).map(([k, x]) => [String(decode(k)), decode(x)]));
  if (v[0] === "uuid" || v[0] === "named-uuid") return v[1];
  return v;
}

/**
 * Rows of `ovs-vsctl --format=json --data=json [--columns=...] list TABLE` output.
 *
 * @internal
 * @example
 * ```ts
 * parseVsctlJson('{"data":[["pod1",11]],"headings":["name","ofport"]}'); // [{ name: "pod1", ofport: 11 }]
 * ```
 */
export function parseVsctlJson(text: string): VsctlRow[] {
  const j = JSON.parse(text) as { data: unknown[][]; headings: string[] };
  return j.data.map((row) => Object.fromEntries(j.headings.map((h, i) => [h, decode(row[i])])));
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const str = (v: unknown): string => (typeof v === "string" ? v : "");
const int = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);
const quote = (s: string) => `"${s.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;

/** The tables of a conf.db that the conversion reads. */
export interface VswitchTables {
  readonly openVswitch: readonly VsctlRow[];
  readonly bridges: readonly VsctlRow[];
  readonly interfaces: readonly VsctlRow[];
}

/**
 * Columns read per table.
 *
 * @internal
 */
export const CONVERT_COLUMNS = {
  Open_vSwitch: ["other_config", "manager_options"],
  Bridge: ["name", "datapath_type", "protocols", "controller", "netflow", "sflow", "ipfix"],
  Interface: ["name", "type", "ofport", "ofport_request"],
} as const;

/**
 * The `ovs-vsctl` commands (each starting with `--`) that make a collected conf.db run in the
 * replica, and what they change.
 *
 * @internal
 * @example
 * ```ts
 * const { args, changes } = convertConfDb(tables, "override");
 * ```
 */
export function convertConfDb(t: VswitchTables, mode: ReplicaDummyMode): { args: string[]; changes: ReplicaChange[] } {
  const args: string[] = [];
  const changes: ReplicaChange[] = [];
  const ovs = t.openVswitch[0];
  if (ovs !== undefined) {
    const oc = (ovs.other_config ?? {}) as Record<string, unknown>;
    for (const key of ["dpdk-init", "hw-offload", "flow-restore-wait"]) {
      if (oc[key] === undefined) continue;
      args.push("--", "remove", "Open_vSwitch", ".", "other_config", key);
      changes.push({ kind: "open-vswitch", subject: "Open_vSwitch", message: `other_config:${key}=${String(oc[key])} removed (${key === "flow-restore-wait" ? "would hold the datapath flows back" : "not available on the dummy datapath"})` });
    }
    if (list(ovs.manager_options).length > 0) {
      changes.push({ kind: "open-vswitch", subject: "Open_vSwitch", message: `${list(ovs.manager_options).length} manager(s) kept in the database but not served (the replica listens on its own sockets only)` });
    }
  }
  for (const b of t.bridges) {
    const name = str(b.name);
    const dp = replicaDatapathType(str(b.datapath_type), mode);
    if (dp !== undefined) {
      args.push("--", "set", "Bridge", name, `datapath_type=${dp}`);
      changes.push({ kind: "bridge", subject: `Bridge ${name}`, message: `datapath_type ${str(b.datapath_type) || '""'} -> ${dp}` });
    }
    const protocols = list(b.protocols).map(str);
    if (!REPLICA_PROTOCOLS.every((p) => protocols.includes(p))) {
      args.push("--", "set", "Bridge", name, `protocols=${REPLICA_PROTOCOLS.join(",")}`);
      changes.push({ kind: "bridge", subject: `Bridge ${name}`, message: `protocols [${protocols.join(", ")}] -> OpenFlow10 to OpenFlow15 (restores and tools may use any version)` });
    }
    for (const col of ["controller", "netflow", "sflow", "ipfix"] as const) {
      if (list(b[col]).length === 0) continue;
      args.push("--", "clear", "Bridge", name, col);
      changes.push({
        kind: "bridge",
        subject: `Bridge ${name}`,
        message: col === "controller" ? "controllers removed (the replica must not connect to the node's controllers; ovs-ofctl uses the management socket)" : `${col} removed (it would send samples to the node's collectors)`,
      });
    }
  }
  let pinned = 0;
  for (const i of t.interfaces) {
    const name = str(i.name);
    const type = str(i.type);
    const to = replicaIfaceType(type, mode);
    if (to !== undefined) {
      args.push("--", "set", "Interface", name, `type=${to}`);
      changes.push({ kind: "interface-type", subject: `Interface ${name}`, message: `type ${type || '"" (system)'} -> ${to} (name and OpenFlow port number kept)` });
    }
    const ofport = int(i.ofport);
    if (ofport !== undefined && ofport > 0 && ofport < 0xff00 && list(i.ofport_request).length === 0) {
      args.push("--", "set", "Interface", name, `ofport_request=${ofport}`);
      pinned++;
    }
  }
  if (pinned > 0) changes.push({ kind: "ofport-request", subject: "Interface", message: `ofport_request set to the collected ofport on ${pinned} interface(s), so every port keeps its OpenFlow number` });
  return { args, changes };
}

/**
 * The `ovs-vsctl` commands that create the bridges of `bridges` (those not in the conf.db) with
 * their ports, converted for `mode`, and what that changes.
 *
 * @internal
 * @example
 * ```ts
 * const { args } = createBridgesArgs(plan.bridges, "override");
 * ```
 */
export function createBridgesArgs(bridges: readonly PlanBridge[], mode: ReplicaDummyMode): { args: string[]; changes: ReplicaChange[] } {
  const args: string[] = [];
  const changes: ReplicaChange[] = [];
  let id = 0;
  for (const b of bridges) {
    changes.push({ kind: "bridge", subject: `Bridge ${b.name}`, message: "created (no conf.db describes it)" }, ...b.createNotes);
    const cols = b.bridgeColumns.filter((c) => !c.startsWith("datapath_type="));
    const given = b.bridgeColumns.find((c) => c.startsWith("datapath_type="))?.slice("datapath_type=".length) ?? "dummy";
    const dp = replicaDatapathType(given, mode) ?? given;
    args.push("--", "add-br", b.name, "--", "set", "Bridge", b.name, `datapath_type=${dp}`, `protocols=${REPLICA_PROTOCOLS.join(",")}`, ...cols);
    for (const p of b.ports) {
      const ifaces: string[] = [];
      for (const i of p.interfaces) {
        const ref = `@i${id++}`;
        // A system port ("") needs a kernel device: it is a dummy port in either mode.
        const type = replicaIfaceType(i.type, mode) ?? (i.type === "" || i.type === "system" ? "dummy" : i.type);
        if (type !== i.type) changes.push({ kind: "interface-type", subject: `Interface ${i.name}`, message: `type ${i.type || '"" (system)'} -> ${type} (name and OpenFlow port number kept)` });
        args.push("--", `--id=${ref}`, "create", "Interface", `name=${quote(i.name)}`, `type=${type}`, ...(i.ofport === undefined ? [] : [`ofport_request=${i.ofport}`]), ...i.columns);
        ifaces.push(ref);
      }
      const pref = `@p${id++}`;
      args.push("--", `--id=${pref}`, "create", "Port", `name=${quote(p.name)}`, `interfaces=[${ifaces.join(",")}]`, ...p.columns);
      args.push("--", "add", "Bridge", b.name, "ports", pref);
    }
  }
  return { args, changes };
}

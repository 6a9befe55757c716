/**
 * Typed queries on database files, the data behind ovn-nbctl, ovn-sbctl and ovs-vsctl's
 * listings (the same rows, in the same order, resolved by the same names), for scripts that
 * want data rather than text. Each throws an {@link OvsdbQueryError} with the real tool's
 * message when what it is asked about does not resolve.
 *
 * @module
 */
import type { LogicalFlow } from "../../lflow.js";
import type { OvsdbDatabase, OvsdbRow } from "../types.js";
import { nbAclList } from "./nb-acl.js";
import { nbLoadBalancers, nbMeters, nbNamedRows, nbPorts } from "./nb-lists.js";
import { nbNatList, nbPolicyList, nbRouteList } from "./nb-router.js";
import type { Parsed } from "./datum-parse.js";
import { OvsdbQueryError, queryError } from "./query-error.js";
import type {
  CtlRecordRef,
  NbAclList,
  NbLoadBalancerListEntry,
  NbMeter,
  NbNatList,
  NbPolicyList,
  NbRouteList,
  OvsdbRecord,
  VswitchBridgeEntry,
} from "./query-types.js";
import { type CtlDb, ctlDb, ctlGetRow, findTable, rowByUuid } from "./records.js";
import type { CtlToolName } from "./row-ids.js";
import { isPartialUuid, sbLogicalFlows } from "./sb-lflow.js";
import { vsctlBridges, vsctlCache } from "./vsctl.js";

function ctx(db: OvsdbDatabase, tool: CtlToolName, schema: string): CtlDb {
  if (db.schema.name !== schema) throw new OvsdbQueryError("schema-mismatch", `${tool}'s queries need an ${schema} database, not ${db.schema.name}`);
  return ctlDb(tool, db);
}
const nb = (db: OvsdbDatabase) => ctx(db, "ovn-nbctl", "OVN_Northbound");

function value<T>(p: Parsed<T>): T {
  if (!p.ok) throw queryError(p.error);
  return p.value;
}

/**
 * The static routes of a logical router (`ovn-nbctl lr-route-list ROUTER`): IPv4 then IPv6,
 * each sorted by route table, prefix length (longest first, `dst-ip` before `src-ip`) and
 * address, with normalized prefixes and next hops and the ECMP flag. `router` is a name or UUID.
 *
 * @example
 * ```ts
 * import { queryNbRoutes, readOvsdbFile } from "ovskit";
 * const { routes } = queryNbRoutes(readOvsdbFile(nbBytes), "GR_ovn-worker");
 * const defaults = routes.filter((r) => r.prefix === "0.0.0.0/0"); // [{ nexthop: "172.18.0.1", outputPort: "rtoe-GR_ovn-worker", ... }]
 * ```
 */
export function queryNbRoutes(db: OvsdbDatabase, router: string, options: { readonly routeTable?: string } = {}): NbRouteList {
  return value(nbRouteList(nb(db), router, options.routeTable));
}

/**
 * The routing policies of a logical router (`lr-policy-list`), highest priority first.
 *
 * @example
 * ```ts
 * import { queryNbPolicies } from "ovskit";
 * for (const p of queryNbPolicies(nb, "ovn_cluster_router").policies) console.log(p.priority, p.match, p.action, p.nexthops);
 * ```
 */
export function queryNbPolicies(db: OvsdbDatabase, router: string): NbPolicyList {
  return value(nbPolicyList(nb(db), router));
}

/**
 * The NAT rules of a logical router (`lr-nat-list`), sorted by type, gateway port and external
 * IP.
 *
 * @example
 * ```ts
 * import { queryNbNat } from "ovskit";
 * const snat = queryNbNat(nb, "GR_ovn-worker").nat.filter((n) => n.type === "snat").map((n) => n.logicalIp);
 * ```
 */
export function queryNbNat(db: OvsdbDatabase, router: string): NbNatList {
  return value(nbNatList(nb(db), router));
}

/**
 * The ACLs of a logical switch or port group (`acl-list`), in the tool's order. `type` says
 * which one when a switch and a port group share the name (as `--type`).
 *
 * @example
 * ```ts
 * import { queryNbAcls } from "ovskit";
 * const { owner, acls } = queryNbAcls(nb, "pg_pol1"); // owner.kind === "port-group"
 * const drops = acls.filter((a) => a.action === "drop");
 * ```
 */
export function queryNbAcls(db: OvsdbDatabase, switchOrPortGroup: string, options: { readonly type?: "switch" | "port-group" } = {}): NbAclList {
  return value(nbAclList(nb(db), switchOrPortGroup, options.type));
}

/**
 * Every logical switch (`ls-list`), sorted by name.
 *
 * @example
 * ```ts
 * import { queryNbSwitches } from "ovskit";
 * queryNbSwitches(nb).map((s) => s.name); // ["ext_ovn-worker", "join", "ovn-worker", ...]
 * ```
 */
export function queryNbSwitches(db: OvsdbDatabase): CtlRecordRef[] {
  return nbNamedRows(nb(db), "Logical_Switch");
}

/**
 * Every logical router (`lr-list`), sorted by name.
 *
 * @example
 * ```ts
 * import { queryNbRouters } from "ovskit";
 * const gateways = queryNbRouters(nb).filter((r) => r.name.startsWith("GR_"));
 * ```
 */
export function queryNbRouters(db: OvsdbDatabase): CtlRecordRef[] {
  return nbNamedRows(nb(db), "Logical_Router");
}

/**
 * The ports of a logical switch (`lsp-list`), sorted by name.
 *
 * @example
 * ```ts
 * import { queryNbSwitchPorts } from "ovskit";
 * queryNbSwitchPorts(nb, "ovn-worker").map((p) => p.name);
 * ```
 */
export function queryNbSwitchPorts(db: OvsdbDatabase, logicalSwitch: string): CtlRecordRef[] {
  return value(nbPorts(nb(db), "ls", logicalSwitch));
}

/**
 * The ports of a logical router (`lrp-list`), sorted by name.
 *
 * @example
 * ```ts
 * import { queryNbRouterPorts } from "ovskit";
 * queryNbRouterPorts(nb, "ovn_cluster_router").length;
 * ```
 */
export function queryNbRouterPorts(db: OvsdbDatabase, router: string): CtlRecordRef[] {
  return value(nbPorts(nb(db), "lr", router));
}

/**
 * The load balancers (`lb-list [LB]`) with the VIPs the tool lists, sorted by name; `name`
 * keeps only the load balancers of that name.
 *
 * @example
 * ```ts
 * import { queryNbLoadBalancers } from "ovskit";
 * for (const lb of queryNbLoadBalancers(nb)) for (const v of lb.vips) console.log(lb.name, v.protocol, v.vip, v.backends);
 * ```
 */
export function queryNbLoadBalancers(db: OvsdbDatabase, options: { readonly name?: string } = {}): NbLoadBalancerListEntry[] {
  return nbLoadBalancers(nb(db), options.name).lbs;
}

/**
 * The meters (`meter-list`), sorted by name, with their bands.
 *
 * @example
 * ```ts
 * import { queryNbMeters } from "ovskit";
 * queryNbMeters(nb).map((m) => `${m.name}: ${m.bands.map((b) => `${b.action} ${b.rate} ${m.unit}`).join(", ")}`);
 * ```
 */
export function queryNbMeters(db: OvsdbDatabase): NbMeter[] {
  return nbMeters(nb(db));
}

/**
 * The logical flows of the Southbound database as `ovn-sbctl lflow-list [DATAPATH] [LFLOW...]`
 * lists them: a flow of a datapath group once per datapath, sorted by datapath name, datapath,
 * pipeline, table, priority (highest first), match and actions. `datapath` is resolved as the
 * tool resolves it (UUID, `external_ids:name`, `name2`, `logical-switch`, `logical-router`, UUID
 * prefix); `flows` keeps the flows whose UUID starts with one of them (`0x` and leading zeros
 * ignored, as for OpenFlow cookies); `uuid` fills `uuidPrefix` (as `--uuid`). The result equals
 * what `parseLogicalFlows` makes of the real tool's text (but for `line`).
 *
 * @example
 * ```ts
 * import { querySbLogicalFlows, readOvsdbFile } from "ovskit";
 * const flows = querySbLogicalFlows(readOvsdbFile(sbBytes), { datapath: "ovn-worker", uuid: true });
 * const acl = flows.filter((f) => f.stage === "ls_in_acl" && f.actions.includes("drop"));
 * ```
 */
export function querySbLogicalFlows(
  db: OvsdbDatabase,
  options: { readonly datapath?: string; readonly flows?: readonly string[]; readonly uuid?: boolean } = {},
): LogicalFlow[] {
  const c = ctx(db, "ovn-sbctl", "OVN_Southbound");
  let datapath: string | undefined;
  if (options.datapath !== undefined) {
    datapath = value(ctlGetRow(c, "Datapath_Binding", options.datapath, true));
  }
  const filters = [...(options.flows ?? [])];
  for (const f of filters) if (!isPartialUuid(f)) throw queryError(`${f} is not a UUID or the beginning of a UUID`);
  return sbLogicalFlows(c, datapath, filters, options.uuid === true);
}

/**
 * The bridges of conf.db as ovs-vsctl sees them (`list-br`, `list-ports`, `list-ifaces`,
 * `br-to-parent`, `br-to-vlan`): real bridges and fake (VLAN) bridges, sorted by name, each
 * with its ports and interfaces (sorted, the bridge's own left out).
 *
 * @example
 * ```ts
 * import { queryVswitchBridges, readOvsdbFile } from "ovskit";
 * for (const br of queryVswitchBridges(readOvsdbFile(confDb))) console.log(br.name, br.parent ?? "", br.ports.join(" "));
 * ```
 */
export function queryVswitchBridges(db: OvsdbDatabase): VswitchBridgeEntry[] {
  return vsctlBridges(vsctlCache(ctx(db, "ovs-vsctl", "Open_vSwitch")));
}

/**
 * The bridge a port or interface belongs to (`port-to-br`, `iface-to-br`).
 *
 * @example
 * ```ts
 * import { queryVswitchBridgeOf } from "ovskit";
 * queryVswitchBridgeOf(conf, "pod1"); // "br-int"
 * queryVswitchBridgeOf(conf, "eth1", { kind: "interface" }); // "br-ex"
 * ```
 */
export function queryVswitchBridgeOf(db: OvsdbDatabase, name: string, options: { readonly kind?: "port" | "interface" } = {}): string {
  const cache = vsctlCache(ctx(db, "ovs-vsctl", "Open_vSwitch"));
  if (options.kind === "interface") {
    const i = cache.ifaces.get(name);
    if (i === undefined || i.port.bridge.name === name) throw queryError(`no interface named ${name}`);
    return i.port.bridge.name;
  }
  const p = cache.ports.get(name);
  if (p === undefined || p.bridge.name === name) throw queryError(`no port named ${name}`);
  return p.bridge.name;
}

const TOOL_OF: Readonly<Record<string, CtlToolName>> = { OVN_Northbound: "ovn-nbctl", OVN_Southbound: "ovn-sbctl", Open_vSwitch: "ovs-vsctl" };

/**
 * A row named the way the tools name rows on their command line (`list TABLE RECORD`): by UUID,
 * `.` (a table's only row), the tool's name columns (a switch by `name` or
 * `external_ids:neutron:network_name`, a datapath by `external_ids:name`, a controller by its
 * bridge's name, ...), or a UUID prefix of at least 4 characters. `table` may be abbreviated as
 * on the command line. Undefined when nothing matches; an {@link OvsdbQueryError} when the table
 * is unknown or the name is ambiguous.
 *
 * @example
 * ```ts
 * import { findOvsdbRecord } from "ovskit";
 * findOvsdbRecord(sb, "Datapath_Binding", "ovn-worker")?.uuid;
 * findOvsdbRecord(nb, "logical_switch", "e887")?.row.name; // "ovn-worker"
 * ```
 */
export function findOvsdbRecord(db: OvsdbDatabase, table: string, record: string): OvsdbRecord | undefined {
  const c = ctlDb(TOOL_OF[db.schema.name] ?? "ovs-vsctl", db);
  const t = value(findTable(c, table));
  const uuid = value(ctlGetRow(c, t.name, record, false));
  return uuid === undefined ? undefined : { table: t.name, uuid, row: rowByUuid(c, t.name, uuid) as OvsdbRow };
}

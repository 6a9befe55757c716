/**
 * A typed view of an OVN Northbound database ({@link nbView}): the rows that Southbound logical
 * flows point back to through their `stage-hint` (ACLs, NAT, ports, policies, routes, load
 * balancers, QoS), with the switch, router or port group each belongs to.
 *
 * @module
 */
import type {
  NbAcl,
  NbAddressSet,
  NbHintMatch,
  NbLoadBalancer,
  NbLogicalRouter,
  NbLogicalRouterPort,
  NbLogicalSwitch,
  NbLogicalSwitchPort,
  NbNat,
  NbOwner,
  NbPortGroup,
  NbQos,
  NbRouterPolicy,
  NbStaticRoute,
  NbView,
} from "./nb-types.js";
import type { OvsdbDatabase, OvsdbRow } from "./types.js";
import {
  int,
  intMap,
  optBool,
  optInt,
  optStr,
  optUuid,
  push,
  requireSchema,
  rowsOf,
  str,
  strMap,
  strs,
  uuids,
} from "./view-util.js";

/**
 * The owners of rows: row UUID → owners, from the UUID sets of switches, routers, port groups.
 * Each member gets owner objects of its own.
 */
function ownersBy(db: OvsdbDatabase, table: string, kind: NbOwner["kind"], column: string, into: Map<string, NbOwner[]>): void {
  for (const [uuid, row] of rowsOf(db, table)) {
    const name = str(row, "name");
    for (const member of uuids(row, column)) push(into, member, { kind, uuid, name });
  }
}

function owners(db: OvsdbDatabase, specs: [string, NbOwner["kind"], string][]): Map<string, NbOwner[]> {
  const out = new Map<string, NbOwner[]>();
  for (const [table, kind, column] of specs) ownersBy(db, table, kind, column, out);
  return out;
}

const dir = (row: OvsdbRow) => (str(row, "direction") === "to-lport" ? "to-lport" : "from-lport");

/**
 * Typed rows of an OVN Northbound database read by {@link readOvsdbFile}: the configuration
 * behind Southbound logical flows (a flow's `stage-hint` is the first 8 hex digits of one of
 * these rows' UUID: see {@link findNbRowsByHint}), each with the switch, router or port group
 * that holds it. Columns that an older or newer schema lacks read as empty.
 *
 * @example
 * ```ts
 * import { readFileSync } from "node:fs";
 * import { nbView, readOvsdbFile } from "ovskit";
 * const nb = nbView(readOvsdbFile(readFileSync("ovnnb_db.db")));
 * for (const acl of nb.acls) console.log(acl.owners.map((o) => o.name), acl.priority, acl.match, acl.action);
 * ```
 */
export function nbView(db: OvsdbDatabase): NbView {
  requireSchema(db, "OVN_Northbound", "nbView");
  const aclOwners = owners(db, [
    ["Logical_Switch", "switch", "acls"],
    ["Port_Group", "port-group", "acls"],
  ]);
  const routerOf = (column: string) => owners(db, [["Logical_Router", "router", column]]);
  const natOwner = routerOf("nat");
  const lrpOwner = routerOf("ports");
  const policyOwner = routerOf("policies");
  const routeOwner = routerOf("static_routes");
  const switchOf = (column: string) => owners(db, [["Logical_Switch", "switch", column]]);
  const lspOwner = switchOf("ports");
  const qosOwner = switchOf("qos_rules");
  const lbOwners = owners(db, [
    ["Logical_Switch", "switch", "load_balancer"],
    ["Logical_Router", "router", "load_balancer"],
  ]);
  const router = (m: Map<string, NbOwner[]>, uuid: string): { router?: NbOwner } => {
    const o = m.get(uuid)?.[0];
    return o === undefined ? {} : { router: { ...o } };
  };
  const inSwitch = (m: Map<string, NbOwner[]>, uuid: string): { switch?: NbOwner } => {
    const o = m.get(uuid)?.[0];
    return o === undefined ? {} : { switch: { ...o } };
  };

  const acls: NbAcl[] = [];
  for (const [uuid, row] of rowsOf(db, "ACL")) {
    const name = optStr(row, "name");
    const severity = optStr(row, "severity");
    const meter = optStr(row, "meter");
    acls.push({
      uuid,
      direction: dir(row),
      priority: int(row, "priority"),
      match: str(row, "match"),
      action: str(row, "action"),
      ...(name !== undefined ? { name } : {}),
      log: optBool(row, "log") === true,
      ...(severity !== undefined ? { severity } : {}),
      ...(meter !== undefined ? { meter } : {}),
      label: int(row, "label"),
      tier: int(row, "tier"),
      options: strMap(row, "options"),
      externalIds: strMap(row, "external_ids"),
      owners: aclOwners.get(uuid) ?? [],
    });
  }

  const nats: NbNat[] = [];
  for (const [uuid, row] of rowsOf(db, "NAT")) {
    const externalMac = optStr(row, "external_mac");
    const logicalPort = optStr(row, "logical_port");
    const gatewayPort = optUuid(row, "gateway_port");
    const type = str(row, "type");
    nats.push({
      uuid,
      type: type === "dnat" || type === "dnat_and_snat" ? type : "snat",
      externalIp: str(row, "external_ip"),
      logicalIp: str(row, "logical_ip"),
      ...(externalMac !== undefined ? { externalMac } : {}),
      ...(logicalPort !== undefined ? { logicalPort } : {}),
      externalPortRange: str(row, "external_port_range"),
      ...(gatewayPort !== undefined ? { gatewayPort } : {}),
      options: strMap(row, "options"),
      externalIds: strMap(row, "external_ids"),
      ...router(natOwner, uuid),
    });
  }

  const portName = new Map<string, string>();
  const logicalSwitchPorts: NbLogicalSwitchPort[] = [];
  for (const [uuid, row] of rowsOf(db, "Logical_Switch_Port")) {
    const name = str(row, "name");
    portName.set(uuid, name);
    const dynamicAddresses = optStr(row, "dynamic_addresses");
    const parentName = optStr(row, "parent_name");
    const tag = optInt(row, "tag");
    const enabled = optBool(row, "enabled");
    const up = optBool(row, "up");
    logicalSwitchPorts.push({
      uuid,
      name,
      type: str(row, "type"),
      addresses: strs(row, "addresses"),
      portSecurity: strs(row, "port_security"),
      ...(dynamicAddresses !== undefined ? { dynamicAddresses } : {}),
      ...(parentName !== undefined ? { parentName } : {}),
      ...(tag !== undefined ? { tag } : {}),
      ...(enabled !== undefined ? { enabled } : {}),
      ...(up !== undefined ? { up } : {}),
      options: strMap(row, "options"),
      externalIds: strMap(row, "external_ids"),
      ...inSwitch(lspOwner, uuid),
    });
  }

  const logicalRouterPorts: NbLogicalRouterPort[] = [];
  for (const [uuid, row] of rowsOf(db, "Logical_Router_Port")) {
    const peer = optStr(row, "peer");
    const enabled = optBool(row, "enabled");
    logicalRouterPorts.push({
      uuid,
      name: str(row, "name"),
      mac: str(row, "mac"),
      networks: strs(row, "networks"),
      ...(peer !== undefined ? { peer } : {}),
      ...(enabled !== undefined ? { enabled } : {}),
      gatewayChassis: uuids(row, "gateway_chassis"),
      options: strMap(row, "options"),
      externalIds: strMap(row, "external_ids"),
      ...router(lrpOwner, uuid),
    });
  }

  const routerPolicies: NbRouterPolicy[] = [];
  for (const [uuid, row] of rowsOf(db, "Logical_Router_Policy")) {
    const nexthop = optStr(row, "nexthop");
    routerPolicies.push({
      uuid,
      priority: int(row, "priority"),
      match: str(row, "match"),
      action: str(row, "action"),
      ...(nexthop !== undefined ? { nexthop } : {}),
      nexthops: strs(row, "nexthops"),
      options: strMap(row, "options"),
      externalIds: strMap(row, "external_ids"),
      ...router(policyOwner, uuid),
    });
  }

  const staticRoutes: NbStaticRoute[] = [];
  for (const [uuid, row] of rowsOf(db, "Logical_Router_Static_Route")) {
    const outputPort = optStr(row, "output_port");
    const policy = optStr(row, "policy");
    const bfd = optUuid(row, "bfd");
    staticRoutes.push({
      uuid,
      ipPrefix: str(row, "ip_prefix"),
      nexthop: str(row, "nexthop"),
      ...(outputPort !== undefined ? { outputPort } : {}),
      ...(policy !== undefined ? { policy } : {}),
      routeTable: str(row, "route_table"),
      ...(bfd !== undefined ? { bfd } : {}),
      options: strMap(row, "options"),
      externalIds: strMap(row, "external_ids"),
      ...router(routeOwner, uuid),
    });
  }

  const loadBalancers: NbLoadBalancer[] = [];
  for (const [uuid, row] of rowsOf(db, "Load_Balancer")) {
    const protocol = optStr(row, "protocol");
    loadBalancers.push({
      uuid,
      name: str(row, "name"),
      vips: strMap(row, "vips"),
      ...(protocol !== undefined ? { protocol } : {}),
      selectionFields: strs(row, "selection_fields"),
      options: strMap(row, "options"),
      externalIds: strMap(row, "external_ids"),
      owners: lbOwners.get(uuid) ?? [],
    });
  }

  const qos: NbQos[] = [];
  for (const [uuid, row] of rowsOf(db, "QoS")) {
    qos.push({
      uuid,
      direction: dir(row),
      priority: int(row, "priority"),
      match: str(row, "match"),
      action: intMap(row, "action"),
      bandwidth: intMap(row, "bandwidth"),
      externalIds: strMap(row, "external_ids"),
      ...inSwitch(qosOwner, uuid),
    });
  }

  const logicalSwitches: NbLogicalSwitch[] = [];
  for (const [uuid, row] of rowsOf(db, "Logical_Switch")) {
    logicalSwitches.push({
      uuid,
      name: str(row, "name"),
      ports: uuids(row, "ports"),
      acls: uuids(row, "acls"),
      loadBalancers: uuids(row, "load_balancer"),
      qosRules: uuids(row, "qos_rules"),
      otherConfig: strMap(row, "other_config"),
      externalIds: strMap(row, "external_ids"),
    });
  }

  const logicalRouters: NbLogicalRouter[] = [];
  for (const [uuid, row] of rowsOf(db, "Logical_Router")) {
    const enabled = optBool(row, "enabled");
    logicalRouters.push({
      uuid,
      name: str(row, "name"),
      ...(enabled !== undefined ? { enabled } : {}),
      ports: uuids(row, "ports"),
      nat: uuids(row, "nat"),
      policies: uuids(row, "policies"),
      staticRoutes: uuids(row, "static_routes"),
      loadBalancers: uuids(row, "load_balancer"),
      options: strMap(row, "options"),
      externalIds: strMap(row, "external_ids"),
    });
  }

  const portGroups: NbPortGroup[] = [];
  for (const [uuid, row] of rowsOf(db, "Port_Group")) {
    const ports = uuids(row, "ports");
    portGroups.push({
      uuid,
      name: str(row, "name"),
      ports,
      portNames: ports.flatMap((p) => portName.get(p) ?? []),
      acls: uuids(row, "acls"),
      externalIds: strMap(row, "external_ids"),
    });
  }

  const addressSets: NbAddressSet[] = [];
  for (const [uuid, row] of rowsOf(db, "Address_Set")) {
    addressSets.push({ uuid, name: str(row, "name"), addresses: strs(row, "addresses"), externalIds: strMap(row, "external_ids") });
  }

  return {
    kind: "nb-view",
    acls,
    nats,
    logicalSwitchPorts,
    logicalRouterPorts,
    routerPolicies,
    staticRoutes,
    loadBalancers,
    qos,
    logicalSwitches,
    logicalRouters,
    portGroups,
    addressSets,
  };
}

/**
 * The Northbound rows whose UUID starts with `hint`: a Southbound logical flow's
 * `external_ids:stage-hint` (8 hex digits) names the row it was made from. Usually one row;
 * more only on an 8-digit UUID prefix collision.
 *
 * @example
 * ```ts
 * import { findNbRowsByHint } from "ovskit";
 * const [hit] = findNbRowsByHint(nb, flow.stageHint ?? "");
 * if (hit?.table === "ACL") console.log(hit.row.match, hit.row.action);
 * ```
 */
export function findNbRowsByHint(nb: NbView, hint: string): NbHintMatch[] {
  const h = hint.trim().toLowerCase();
  if (h === "") return [];
  const out: NbHintMatch[] = [];
  const scan = <T extends { readonly uuid: string }>(rows: readonly T[], wrap: (row: T) => NbHintMatch) => {
    for (const row of rows) if (row.uuid.startsWith(h)) out.push(wrap(row));
  };
  scan(nb.acls, (row) => ({ table: "ACL", row }));
  scan(nb.nats, (row) => ({ table: "NAT", row }));
  scan(nb.logicalSwitchPorts, (row) => ({ table: "Logical_Switch_Port", row }));
  scan(nb.logicalRouterPorts, (row) => ({ table: "Logical_Router_Port", row }));
  scan(nb.routerPolicies, (row) => ({ table: "Logical_Router_Policy", row }));
  scan(nb.staticRoutes, (row) => ({ table: "Logical_Router_Static_Route", row }));
  scan(nb.loadBalancers, (row) => ({ table: "Load_Balancer", row }));
  scan(nb.qos, (row) => ({ table: "QoS", row }));
  scan(nb.logicalSwitches, (row) => ({ table: "Logical_Switch", row }));
  scan(nb.logicalRouters, (row) => ({ table: "Logical_Router", row }));
  return out;
}

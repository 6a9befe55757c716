/**
 * A typed view of an OVN Southbound database ({@link sbView}): logical flows with their stage
 * and the Northbound row behind them, datapaths, port bindings, multicast groups, chassis,
 * MAC bindings, load balancers, address sets and port groups.
 *
 * @module
 */
import type { OvsdbDatabase, OvsdbStringMap } from "./types.js";
import { get, int, optBool, optInt, optStr, optUuid, requireSchema, rowsOf, str, strMap, strs, uuids } from "./view-util.js";

/** A `Logical_Flow` row. */
export interface SbLogicalFlow {
  readonly uuid: string;
  /**
   * The OpenFlow cookie ovn-controller gives the flows it makes from this one: the first 32
   * bits of the UUID.
   */
  readonly cookie: number;
  /** The `Datapath_Binding` the flow belongs to, when it belongs to one datapath. */
  readonly logicalDatapath?: string;
  /** The `Logical_DP_Group` the flow belongs to, when it is shared by several datapaths. */
  readonly logicalDpGroup?: string;
  /** Every `Datapath_Binding` UUID the flow applies to (its datapath, or its group's). */
  readonly datapaths: readonly string[];
  readonly pipeline: "ingress" | "egress";
  readonly tableId: number;
  readonly priority: number;
  readonly match: string;
  readonly actions: string;
  /** `external_ids:stage-name`, e.g. `ls_in_acl`. */
  readonly stageName?: string;
  /** `external_ids:stage-hint`: the first 8 hex digits of the Northbound row's UUID. */
  readonly stageHint?: string;
  /** `external_ids:source`: where in ovn-northd the flow was made (`northd.c:6543`). */
  readonly source?: string;
  readonly controllerMeter?: string;
  readonly externalIds: OvsdbStringMap;
  readonly tags: OvsdbStringMap;
}

/** A `Logical_DP_Group` row. */
export interface SbLogicalDpGroup {
  readonly uuid: string;
  readonly datapaths: readonly string[];
}

/** A `Datapath_Binding` row: a logical switch or router as ovn-controller sees it. */
export interface SbDatapathBinding {
  readonly uuid: string;
  /** The datapath's tunnel key (`metadata` in OpenFlow). */
  readonly tunnelKey: number;
  /** Switch or router, from `external_ids:logical-switch` / `logical-router`. */
  readonly kind: "switch" | "router" | "unknown";
  /** `external_ids:name`: the Northbound switch or router name. */
  readonly name?: string;
  /** `external_ids:logical-switch`: the Northbound `Logical_Switch` UUID. */
  readonly logicalSwitch?: string;
  /** `external_ids:logical-router`: the Northbound `Logical_Router` UUID. */
  readonly logicalRouter?: string;
  readonly loadBalancers: readonly string[];
  readonly externalIds: OvsdbStringMap;
}

/** A `Port_Binding` row. */
export interface SbPortBinding {
  readonly uuid: string;
  readonly logicalPort: string;
  /** The port's tunnel key (`reg14` / `reg15` in OpenFlow), unique within its datapath. */
  readonly tunnelKey: number;
  /** Its `Datapath_Binding` UUID. */
  readonly datapath: string;
  /** `""` for VIF ports, else `patch`, `l3gateway`, `localnet`, `chassisredirect`, ... */
  readonly type: string;
  readonly mac: readonly string[];
  /** The `Chassis` UUID the port is bound to, and that chassis' name. */
  readonly chassis?: string;
  readonly chassisName?: string;
  readonly requestedChassis?: string;
  readonly up?: boolean;
  readonly parentPort?: string;
  readonly tag?: number;
  readonly portSecurity: readonly string[];
  readonly natAddresses: readonly string[];
  readonly options: OvsdbStringMap;
  readonly externalIds: OvsdbStringMap;
}

/** A `Multicast_Group` row (flooding, unknown, multicast groups of a datapath). */
export interface SbMulticastGroup {
  readonly uuid: string;
  readonly name: string;
  readonly datapath: string;
  readonly tunnelKey: number;
  /** Its `Port_Binding` UUIDs, and their logical port names. */
  readonly ports: readonly string[];
  readonly portNames: readonly string[];
}

/** An `Encap` row: how to reach a chassis. */
export interface SbEncap {
  readonly uuid: string;
  readonly type: string;
  readonly ip: string;
  readonly options: OvsdbStringMap;
}

/** A `Chassis` row with its encapsulations. */
export interface SbChassis {
  readonly uuid: string;
  readonly name: string;
  readonly hostname: string;
  readonly encaps: readonly SbEncap[];
  readonly transportZones: readonly string[];
  readonly otherConfig: OvsdbStringMap;
  readonly externalIds: OvsdbStringMap;
}

/** A `MAC_Binding` row (a neighbour learned by a logical router port). */
export interface SbMacBinding {
  readonly uuid: string;
  readonly logicalPort: string;
  readonly ip: string;
  readonly mac: string;
  readonly datapath: string;
  /** When it was learned, in milliseconds since the epoch (0 in schemas without it). */
  readonly timestamp: number;
}

/** A `Load_Balancer` row. */
export interface SbLoadBalancer {
  readonly uuid: string;
  readonly name: string;
  /** VIP (`10.96.0.1:80`) to backends (`10.244.1.3:8080,10.244.2.3:8080`). */
  readonly vips: OvsdbStringMap;
  readonly protocol?: string;
  /** Every `Datapath_Binding` UUID it applies to (directly and through datapath groups). */
  readonly datapaths: readonly string[];
  readonly options: OvsdbStringMap;
  readonly externalIds: OvsdbStringMap;
}

/** An `Address_Set` row. */
export interface SbAddressSet {
  readonly uuid: string;
  readonly name: string;
  readonly addresses: readonly string[];
}

/** A `Port_Group` row (ports by logical port name). */
export interface SbPortGroup {
  readonly uuid: string;
  readonly name: string;
  readonly ports: readonly string[];
}

/**
 * What {@link sbView} returns: the rows of each table, in file order. Plain data: references
 * between rows are UUID strings (index them with a `Map` of your own when you look many up,
 * e.g. `new Map(sb.portBindings.map((p) => [p.uuid, p]))`).
 */
export interface SbView {
  readonly kind: "sb-view";
  readonly logicalFlows: readonly SbLogicalFlow[];
  readonly logicalDpGroups: readonly SbLogicalDpGroup[];
  readonly datapathBindings: readonly SbDatapathBinding[];
  readonly portBindings: readonly SbPortBinding[];
  readonly multicastGroups: readonly SbMulticastGroup[];
  readonly chassis: readonly SbChassis[];
  readonly macBindings: readonly SbMacBinding[];
  readonly loadBalancers: readonly SbLoadBalancer[];
  readonly addressSets: readonly SbAddressSet[];
  readonly portGroups: readonly SbPortGroup[];
}

/**
 * Typed rows of an OVN Southbound database read by {@link readOvsdbFile}: what a trace or a
 * flow explanation needs. References stay UUID strings, with names resolved where a person
 * reads them (a port binding's chassis name, a multicast group's port names). Columns that an
 * older or newer schema lacks read as empty.
 *
 * @example
 * ```ts
 * import { readFileSync } from "node:fs";
 * import { readOvsdbFile, sbView } from "ovskit";
 * const sb = sbView(readOvsdbFile(readFileSync("ovnsb_db.db")));
 * const acls = sb.logicalFlows.filter((f) => f.stageName === "ls_in_acl");
 * ```
 */
export function sbView(db: OvsdbDatabase): SbView {
  requireSchema(db, "OVN_Southbound", "sbView");
  const dpGroups = new Map<string, readonly string[]>();
  const logicalDpGroups: SbLogicalDpGroup[] = [];
  for (const [uuid, row] of rowsOf(db, "Logical_DP_Group")) {
    const datapaths = uuids(row, "datapaths");
    dpGroups.set(uuid, datapaths);
    logicalDpGroups.push({ uuid, datapaths });
  }
  // A new array each time: a flow's datapaths are its own, not shared with its group's.
  const groupDatapaths = (group: string | undefined): string[] => (group === undefined ? [] : [...(dpGroups.get(group) ?? [])]);

  const logicalFlows: SbLogicalFlow[] = [];
  for (const [uuid, row] of rowsOf(db, "Logical_Flow")) {
    const externalIds = strMap(row, "external_ids");
    const logicalDatapath = optUuid(row, "logical_datapath");
    const logicalDpGroup = optUuid(row, "logical_dp_group");
    const stageName = get(externalIds, "stage-name");
    const stageHint = get(externalIds, "stage-hint");
    const source = get(externalIds, "source");
    const controllerMeter = optStr(row, "controller_meter");
    logicalFlows.push({
      uuid,
      cookie: parseInt(uuid.slice(0, 8), 16),
      ...(logicalDatapath !== undefined ? { logicalDatapath } : {}),
      ...(logicalDpGroup !== undefined ? { logicalDpGroup } : {}),
      datapaths: logicalDatapath !== undefined ? [logicalDatapath, ...groupDatapaths(logicalDpGroup)] : groupDatapaths(logicalDpGroup),
      pipeline: str(row, "pipeline") === "egress" ? "egress" : "ingress",
      tableId: int(row, "table_id"),
      priority: int(row, "priority"),
      match: str(row, "match"),
      actions: str(row, "actions"),
      ...(stageName !== undefined ? { stageName } : {}),
      ...(stageHint !== undefined ? { stageHint } : {}),
      ...(source !== undefined ? { source } : {}),
      ...(controllerMeter !== undefined ? { controllerMeter } : {}),
      externalIds,
      tags: strMap(row, "tags"),
    });
  }

  const datapathBindings: SbDatapathBinding[] = [];
  for (const [uuid, row] of rowsOf(db, "Datapath_Binding")) {
    const externalIds = strMap(row, "external_ids");
    const name = get(externalIds, "name");
    const logicalSwitch = get(externalIds, "logical-switch");
    const logicalRouter = get(externalIds, "logical-router");
    datapathBindings.push({
      uuid,
      tunnelKey: int(row, "tunnel_key"),
      kind: logicalSwitch !== undefined ? "switch" : logicalRouter !== undefined ? "router" : "unknown",
      ...(name !== undefined ? { name } : {}),
      ...(logicalSwitch !== undefined ? { logicalSwitch } : {}),
      ...(logicalRouter !== undefined ? { logicalRouter } : {}),
      loadBalancers: uuids(row, "load_balancers"),
      externalIds,
    });
  }

  const chassisNames = new Map<string, string>();
  const encapRows = new Map(rowsOf(db, "Encap"));
  // A new object per reference: each chassis has its own.
  const encap = (uuid: string): SbEncap[] => {
    const row = encapRows.get(uuid);
    return row === undefined ? [] : [{ uuid, type: str(row, "type"), ip: str(row, "ip"), options: strMap(row, "options") }];
  };
  const chassis: SbChassis[] = [];
  for (const [uuid, row] of rowsOf(db, "Chassis")) {
    const name = str(row, "name");
    chassisNames.set(uuid, name);
    chassis.push({
      uuid,
      name,
      hostname: str(row, "hostname"),
      encaps: uuids(row, "encaps").flatMap(encap),
      transportZones: strs(row, "transport_zones"),
      otherConfig: strMap(row, "other_config"),
      externalIds: strMap(row, "external_ids"),
    });
  }

  const portNames = new Map<string, string>();
  const portBindings: SbPortBinding[] = [];
  for (const [uuid, row] of rowsOf(db, "Port_Binding")) {
    const logicalPort = str(row, "logical_port");
    portNames.set(uuid, logicalPort);
    const chassisUuid = optUuid(row, "chassis");
    const chassisName = chassisUuid === undefined ? undefined : chassisNames.get(chassisUuid);
    const requestedChassis = optUuid(row, "requested_chassis");
    const up = optBool(row, "up");
    const parentPort = optStr(row, "parent_port");
    const tag = optInt(row, "tag");
    portBindings.push({
      uuid,
      logicalPort,
      tunnelKey: int(row, "tunnel_key"),
      datapath: optUuid(row, "datapath") ?? "",
      type: str(row, "type"),
      mac: strs(row, "mac"),
      ...(chassisUuid !== undefined ? { chassis: chassisUuid } : {}),
      ...(chassisName !== undefined ? { chassisName } : {}),
      ...(requestedChassis !== undefined ? { requestedChassis } : {}),
      ...(up !== undefined ? { up } : {}),
      ...(parentPort !== undefined ? { parentPort } : {}),
      ...(tag !== undefined ? { tag } : {}),
      portSecurity: strs(row, "port_security"),
      natAddresses: strs(row, "nat_addresses"),
      options: strMap(row, "options"),
      externalIds: strMap(row, "external_ids"),
    });
  }

  const multicastGroups: SbMulticastGroup[] = [];
  for (const [uuid, row] of rowsOf(db, "Multicast_Group")) {
    const ports = uuids(row, "ports");
    multicastGroups.push({
      uuid,
      name: str(row, "name"),
      datapath: optUuid(row, "datapath") ?? "",
      tunnelKey: int(row, "tunnel_key"),
      ports,
      portNames: ports.flatMap((p) => portNames.get(p) ?? []),
    });
  }

  const macBindings: SbMacBinding[] = [];
  for (const [uuid, row] of rowsOf(db, "MAC_Binding")) {
    macBindings.push({
      uuid,
      logicalPort: str(row, "logical_port"),
      ip: str(row, "ip"),
      mac: str(row, "mac"),
      datapath: optUuid(row, "datapath") ?? "",
      timestamp: int(row, "timestamp"),
    });
  }

  const loadBalancers: SbLoadBalancer[] = [];
  for (const [uuid, row] of rowsOf(db, "Load_Balancer")) {
    const protocol = optStr(row, "protocol");
    const datapaths = new Set(uuids(row, "datapaths"));
    for (const col of ["datapath_group", "ls_datapath_group", "lr_datapath_group"]) {
      for (const g of uuids(row, col)) for (const d of groupDatapaths(g)) datapaths.add(d);
    }
    loadBalancers.push({
      uuid,
      name: str(row, "name"),
      vips: strMap(row, "vips"),
      ...(protocol !== undefined ? { protocol } : {}),
      datapaths: [...datapaths],
      options: strMap(row, "options"),
      externalIds: strMap(row, "external_ids"),
    });
  }

  const addressSets: SbAddressSet[] = [];
  for (const [uuid, row] of rowsOf(db, "Address_Set")) addressSets.push({ uuid, name: str(row, "name"), addresses: strs(row, "addresses") });
  const portGroups: SbPortGroup[] = [];
  for (const [uuid, row] of rowsOf(db, "Port_Group")) portGroups.push({ uuid, name: str(row, "name"), ports: strs(row, "ports") });

  return {
    kind: "sb-view",
    logicalFlows,
    logicalDpGroups,
    datapathBindings,
    portBindings,
    multicastGroups,
    chassis,
    macBindings,
    loadBalancers,
    addressSets,
    portGroups,
  };
}

/**
 * A typed view of an Open vSwitch `conf.db` ({@link vswitchView}): the switch, its bridges,
 * ports and interfaces (with OpenFlow port numbers and the `external_ids:iface-id` that binds
 * an interface to an OVN logical port).
 *
 * @module
 */
import type { OvsdbDatabase, OvsdbStringMap } from "./types.js";
import { int, optInt, optStr, push, requireSchema, rowsOf, str, strMap, strs, uuids } from "./view-util.js";

/** The `Open_vSwitch` row (there is one). */
export interface VswitchRoot {
  readonly uuid: string;
  readonly ovsVersion?: string;
  readonly dbVersion?: string;
  readonly systemType?: string;
  readonly systemVersion?: string;
  readonly curCfg: number;
  readonly nextCfg: number;
  readonly datapathTypes: readonly string[];
  readonly ifaceTypes: readonly string[];
  /** `system-id`, `ovn-remote`, `ovn-encap-ip`, `ovn-encap-type`, `hostname`, ... */
  readonly externalIds: OvsdbStringMap;
  readonly otherConfig: OvsdbStringMap;
}

/** A `Bridge` row. */
export interface VswitchBridge {
  readonly uuid: string;
  readonly name: string;
  readonly datapathType: string;
  readonly datapathId?: string;
  readonly failMode?: string;
  readonly protocols: readonly string[];
  /** Its `Port` UUIDs, and their names. */
  readonly ports: readonly string[];
  readonly portNames: readonly string[];
  readonly controllers: readonly string[];
  readonly externalIds: OvsdbStringMap;
  readonly otherConfig: OvsdbStringMap;
}

/** A `Port` row. */
export interface VswitchPort {
  readonly uuid: string;
  readonly name: string;
  /** Its `Interface` UUIDs, and their names (one, unless it is a bond). */
  readonly interfaces: readonly string[];
  readonly interfaceNames: readonly string[];
  readonly tag?: number;
  readonly trunks: readonly number[];
  readonly vlanMode?: string;
  readonly bondMode?: string;
  /** The name of the bridge that holds it. */
  readonly bridge?: string;
  readonly externalIds: OvsdbStringMap;
  readonly otherConfig: OvsdbStringMap;
}

/** An `Interface` row. */
export interface VswitchInterface {
  readonly uuid: string;
  readonly name: string;
  /** `""` (system), `internal`, `patch`, `geneve`, `vxlan`, `dummy`, `dpdk`, ... */
  readonly type: string;
  /** The OpenFlow port number; -1 when the interface failed, undefined before it is set up. */
  readonly ofport?: number;
  readonly ofportRequest?: number;
  readonly mac?: string;
  readonly macInUse?: string;
  readonly mtu?: number;
  readonly adminState?: string;
  readonly linkState?: string;
  readonly error?: string;
  /** `iface-id` (the OVN logical port), `attached-mac`, `ovn-installed`, ... */
  readonly externalIds: OvsdbStringMap;
  /** Tunnel `remote_ip`, `key`, patch `peer`, ... */
  readonly options: OvsdbStringMap;
  readonly status: OvsdbStringMap;
  /** The names of the port and bridge that hold it. */
  readonly port?: string;
  readonly bridge?: string;
}

/** What {@link vswitchView} returns. */
export interface VswitchView {
  readonly kind: "vswitch-view";
  readonly root?: VswitchRoot;
  readonly bridges: readonly VswitchBridge[];
  readonly ports: readonly VswitchPort[];
  readonly interfaces: readonly VswitchInterface[];
}

/**
 * Typed rows of an Open vSwitch database (`conf.db`) read by {@link readOvsdbFile}. Status
 * columns that ovs-vswitchd keeps only in memory (ephemeral ones, e.g. `link_state` or
 * `statistics`) are never in the file, so they read as empty.
 *
 * @example
 * ```ts
 * import { readFileSync } from "node:fs";
 * import { readOvsdbFile, vswitchView } from "ovskit";
 * const ovs = vswitchView(readOvsdbFile(readFileSync("/etc/openvswitch/conf.db")));
 * for (const i of ovs.interfaces) console.log(i.ofport, i.name, i.externalIds["iface-id"]);
 * ```
 */
export function vswitchView(db: OvsdbDatabase): VswitchView {
  requireSchema(db, "Open_vSwitch", "vswitchView");
  const portBridge = new Map<string, string[]>();
  const ifacePort = new Map<string, string[]>();
  const ifaceName = new Map<string, string>();
  const portName = new Map<string, string>();
  for (const [uuid, row] of rowsOf(db, "Bridge")) for (const p of uuids(row, "ports")) push(portBridge, p, uuid);
  for (const [uuid, row] of rowsOf(db, "Port")) {
    portName.set(uuid, str(row, "name"));
    for (const i of uuids(row, "interfaces")) push(ifacePort, i, uuid);
  }
  for (const [uuid, row] of rowsOf(db, "Interface")) ifaceName.set(uuid, str(row, "name"));
  const bridgeName = new Map<string, string>();
  for (const [uuid, row] of rowsOf(db, "Bridge")) bridgeName.set(uuid, str(row, "name"));

  let root: VswitchRoot | undefined;
  for (const [uuid, row] of rowsOf(db, "Open_vSwitch")) {
    const ovsVersion = optStr(row, "ovs_version");
    const dbVersion = optStr(row, "db_version");
    const systemType = optStr(row, "system_type");
    const systemVersion = optStr(row, "system_version");
    root = {
      uuid,
      ...(ovsVersion !== undefined ? { ovsVersion } : {}),
      ...(dbVersion !== undefined ? { dbVersion } : {}),
      ...(systemType !== undefined ? { systemType } : {}),
      ...(systemVersion !== undefined ? { systemVersion } : {}),
      curCfg: int(row, "cur_cfg"),
      nextCfg: int(row, "next_cfg"),
      datapathTypes: strs(row, "datapath_types"),
      ifaceTypes: strs(row, "iface_types"),
      externalIds: strMap(row, "external_ids"),
      otherConfig: strMap(row, "other_config"),
    };
  }

  const bridges: VswitchBridge[] = [];
  for (const [uuid, row] of rowsOf(db, "Bridge")) {
    const ports = uuids(row, "ports");
    const datapathId = optStr(row, "datapath_id");
    const failMode = optStr(row, "fail_mode");
    bridges.push({
      uuid,
      name: str(row, "name"),
      datapathType: str(row, "datapath_type"),
      ...(datapathId !== undefined ? { datapathId } : {}),
      ...(failMode !== undefined ? { failMode } : {}),
      protocols: strs(row, "protocols"),
      ports,
      portNames: ports.flatMap((p) => portName.get(p) ?? []),
      controllers: uuids(row, "controller"),
      externalIds: strMap(row, "external_ids"),
      otherConfig: strMap(row, "other_config"),
    });
  }

  const ports: VswitchPort[] = [];
  for (const [uuid, row] of rowsOf(db, "Port")) {
    const interfaces = uuids(row, "interfaces");
    const tag = optInt(row, "tag");
    const vlanMode = optStr(row, "vlan_mode");
    const bondMode = optStr(row, "bond_mode");
    const bridgeUuid = portBridge.get(uuid)?.[0];
    const bridge = bridgeUuid === undefined ? undefined : bridgeName.get(bridgeUuid);
    ports.push({
      uuid,
      name: str(row, "name"),
      interfaces,
      interfaceNames: interfaces.flatMap((i) => ifaceName.get(i) ?? []),
      ...(tag !== undefined ? { tag } : {}),
      trunks: strs(row, "trunks").map(Number),
      ...(vlanMode !== undefined ? { vlanMode } : {}),
      ...(bondMode !== undefined ? { bondMode } : {}),
      ...(bridge !== undefined ? { bridge } : {}),
      externalIds: strMap(row, "external_ids"),
      otherConfig: strMap(row, "other_config"),
    });
  }

  const interfaces: VswitchInterface[] = [];
  for (const [uuid, row] of rowsOf(db, "Interface")) {
    const opt = {
      ofport: optInt(row, "ofport"),
      ofportRequest: optInt(row, "ofport_request"),
      mac: optStr(row, "mac"),
      macInUse: optStr(row, "mac_in_use"),
      mtu: optInt(row, "mtu"),
      adminState: optStr(row, "admin_state"),
      linkState: optStr(row, "link_state"),
      error: optStr(row, "error"),
    };
    const portUuid = ifacePort.get(uuid)?.[0];
    const port = portUuid === undefined ? undefined : portName.get(portUuid);
    const bridgeUuid = portUuid === undefined ? undefined : portBridge.get(portUuid)?.[0];
    const bridge = bridgeUuid === undefined ? undefined : bridgeName.get(bridgeUuid);
    const defined = Object.fromEntries(Object.entries(opt).filter(([, v]) => v !== undefined)) as {
      [K in keyof typeof opt]?: Exclude<(typeof opt)[K], undefined>;
    };
    interfaces.push({
      uuid,
      name: str(row, "name"),
      type: str(row, "type"),
      ...defined,
      externalIds: strMap(row, "external_ids"),
      options: strMap(row, "options"),
      status: strMap(row, "status"),
      ...(port !== undefined ? { port } : {}),
      ...(bridge !== undefined ? { bridge } : {}),
    });
  }

  return { kind: "vswitch-view", ...(root !== undefined ? { root } : {}), bridges, ports, interfaces };
}

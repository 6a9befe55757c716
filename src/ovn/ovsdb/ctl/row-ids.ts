/**
 * How each tool lets a command line name a row, besides its UUID: the `ctl_table_class` row
 * ids of utilities/ovs-vsctl.c, ovn-nbctl.c and ovn-sbctl.c (OVS 3.1, OVN 23.03). A row id names
 * a row by a column of the same table (`Bridge` by `name`), by a key of a map column
 * (`Datapath_Binding` by `external_ids:name`), or through another table (`Controller` by the
 * `name` of the `Bridge` whose `controller` column holds it).
 *
 * @module
 * @internal
 */

/**
 * One way of naming the rows of a table.
 *
 * @internal
 */
export interface CtlRowId {
  /** The table of the name column (the table itself, or the referring table). */
  readonly nameTable: string;
  readonly nameColumn: string;
  /** For a map name column: the key whose value is the name. */
  readonly key?: string;
  /** For a referring table: its column that holds the UUID of the row. */
  readonly uuidColumn?: string;
}

/**
 * The tools {@link runOfflineCtl} emulates (the full names; `nbctl`, `sbctl`, `vsctl` are
 * accepted too, see `OfflineCtlTool`).
 *
 * @example
 * ```ts
 * import { type CtlToolName, runOfflineCtl } from "ovskit";
 * const tool: CtlToolName = "ovn-nbctl";
 * runOfflineCtl(tool, ["show"], { nb });
 * ```
 */
export type CtlToolName = "ovn-nbctl" | "ovn-sbctl" | "ovs-vsctl";

const id = (nameTable: string, nameColumn: string, key?: string, uuidColumn?: string): CtlRowId => ({
  nameTable,
  nameColumn,
  ...(key === undefined ? {} : { key }),
  ...(uuidColumn === undefined ? {} : { uuidColumn }),
});

const VSCTL: Readonly<Record<string, readonly CtlRowId[]>> = {
  Bridge: [id("Bridge", "name")],
  Controller: [id("Bridge", "name", undefined, "controller")],
  Interface: [id("Interface", "name")],
  Mirror: [id("Mirror", "name")],
  Manager: [id("Manager", "target")],
  NetFlow: [id("Bridge", "name", undefined, "netflow")],
  Port: [id("Port", "name")],
  QoS: [id("Port", "name", undefined, "qos")],
  sFlow: [id("Bridge", "name", undefined, "sflow")],
  Flow_Table: [id("Flow_Table", "name")],
  IPFIX: [id("Bridge", "name", undefined, "ipfix")],
  AutoAttach: [id("Bridge", "name", undefined, "auto_attach")],
  Flow_Sample_Collector_Set: [id("Flow_Sample_Collector_Set", "id")],
};

const LSP = "Logical_Switch_Port";
const NBCTL: Readonly<Record<string, readonly CtlRowId[]>> = {
  DHCP_Options: [
    id(LSP, "name", undefined, "dhcpv4_options"),
    id(LSP, "external_ids", "neutron:port_name", "dhcpv4_options"),
    id(LSP, "name", undefined, "dhcpv6_options"),
    id(LSP, "external_ids", "neutron:port_name", "dhcpv6_options"),
  ],
  Logical_Switch: [id("Logical_Switch", "name"), id("Logical_Switch", "external_ids", "neutron:network_name")],
  Logical_Switch_Port: [id(LSP, "name"), id(LSP, "external_ids", "neutron:port_name")],
  Logical_Router: [id("Logical_Router", "name"), id("Logical_Router", "external_ids", "neutron:router_name")],
  Logical_Router_Port: [id("Logical_Router_Port", "name")],
  Address_Set: [id("Address_Set", "name")],
  Port_Group: [id("Port_Group", "name")],
  ACL: [id("ACL", "name")],
  HA_Chassis: [id("HA_Chassis", "chassis_name")],
  HA_Chassis_Group: [id("HA_Chassis_Group", "name")],
  Load_Balancer: [id("Load_Balancer", "name")],
  Load_Balancer_Group: [id("Load_Balancer_Group", "name")],
  Load_Balancer_Health_Check: [id("Load_Balancer_Health_Check", "vip")],
  Forwarding_Group: [id("Forwarding_Group", "name")],
  Meter: [id("Meter", "name")],
  NAT: [id("NAT", "external_ip")],
  Chassis_Template_Var: [id("Chassis_Template_Var", "chassis")],
  Connection: [id("Connection", "target")],
};

const DPB = "Datapath_Binding";
const SBCTL: Readonly<Record<string, readonly CtlRowId[]>> = {
  Chassis: [id("Chassis", "name")],
  Chassis_Private: [id("Chassis_Private", "name")],
  Datapath_Binding: [
    id(DPB, "external_ids", "name"),
    id(DPB, "external_ids", "name2"),
    id(DPB, "external_ids", "logical-switch"),
    id(DPB, "external_ids", "logical-router"),
  ],
  Port_Binding: [id("Port_Binding", "logical_port"), id("Port_Binding", "external_ids", "name")],
  MAC_Binding: [id("MAC_Binding", "logical_port")],
  Address_Set: [id("Address_Set", "name")],
  Port_Group: [id("Port_Group", "name")],
  HA_Chassis_Group: [id("HA_Chassis_Group", "name")],
  Mirror: [id("Mirror", "name")],
  Meter: [id("Meter", "name")],
  Service_Monitor: [id("Service_Monitor", "logical_port")],
  DHCP_Options: [id("DHCP_Options", "name")],
  DHCPv6_Options: [id("DHCPv6_Options", "name")],
  Connection: [id("Connection", "target")],
  RBAC_Role: [id("RBAC_Role", "name")],
  RBAC_Permission: [id("RBAC_Permission", "table")],
  Gateway_Chassis: [id("Gateway_Chassis", "name")],
  Load_Balancer: [id("Load_Balancer", "name")],
  Chassis_Template_Var: [id("Chassis_Template_Var", "chassis")],
};

const BY_TOOL: Readonly<Record<CtlToolName, Readonly<Record<string, readonly CtlRowId[]>>>> = {
  "ovs-vsctl": VSCTL,
  "ovn-nbctl": NBCTL,
  "ovn-sbctl": SBCTL,
};

const NONE: readonly CtlRowId[] = Object.freeze([]);

/**
 * The row ids of `table` for `tool` (none: only UUIDs and UUID prefixes name its rows).
 *
 * @internal
 */
export function ctlRowIds(tool: CtlToolName, table: string): readonly CtlRowId[] {
  const t = BY_TOOL[tool];
  return Object.hasOwn(t, table) ? (t[table] as readonly CtlRowId[]) : NONE;
}

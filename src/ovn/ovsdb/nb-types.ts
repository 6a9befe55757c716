/**
 * The typed rows of {@link nbView}: OVN Northbound configuration as a person reads it.
 *
 * @module
 */
import type { OvsdbStringMap } from "./types.js";

/** The switch, router or port group that holds a row. */
export interface NbOwner {
  readonly kind: "switch" | "router" | "port-group";
  readonly uuid: string;
  readonly name: string;
}

/** An `ACL` row. */
export interface NbAcl {
  readonly uuid: string;
  readonly direction: "from-lport" | "to-lport";
  readonly priority: number;
  readonly match: string;
  /** `allow`, `allow-related`, `allow-stateless`, `drop`, `reject` (`pass` in newer schemas). */
  readonly action: string;
  readonly name?: string;
  readonly log: boolean;
  readonly severity?: string;
  readonly meter?: string;
  readonly label: number;
  /** The tier of newer schemas (0 when absent). */
  readonly tier: number;
  readonly options: OvsdbStringMap;
  readonly externalIds: OvsdbStringMap;
  /** The logical switches and port groups whose `acls` hold it. */
  readonly owners: readonly NbOwner[];
}

/** A `NAT` row. */
export interface NbNat {
  readonly uuid: string;
  readonly type: "snat" | "dnat" | "dnat_and_snat";
  readonly externalIp: string;
  readonly logicalIp: string;
  readonly externalMac?: string;
  readonly logicalPort?: string;
  readonly externalPortRange: string;
  readonly gatewayPort?: string;
  readonly options: OvsdbStringMap;
  readonly externalIds: OvsdbStringMap;
  readonly router?: NbOwner;
}

/** A `Logical_Switch_Port` row. */
export interface NbLogicalSwitchPort {
  readonly uuid: string;
  readonly name: string;
  /** `""` for VIF ports, else `router`, `localnet`, `localport`, `virtual`, ... */
  readonly type: string;
  readonly addresses: readonly string[];
  readonly portSecurity: readonly string[];
  readonly dynamicAddresses?: string;
  readonly parentName?: string;
  readonly tag?: number;
  readonly enabled?: boolean;
  readonly up?: boolean;
  readonly options: OvsdbStringMap;
  readonly externalIds: OvsdbStringMap;
  readonly switch?: NbOwner;
}

/** A `Logical_Router_Port` row. */
export interface NbLogicalRouterPort {
  readonly uuid: string;
  readonly name: string;
  readonly mac: string;
  readonly networks: readonly string[];
  readonly peer?: string;
  readonly enabled?: boolean;
  readonly gatewayChassis: readonly string[];
  readonly options: OvsdbStringMap;
  readonly externalIds: OvsdbStringMap;
  readonly router?: NbOwner;
}

/** A `Logical_Router_Policy` row. */
export interface NbRouterPolicy {
  readonly uuid: string;
  readonly priority: number;
  readonly match: string;
  readonly action: string;
  readonly nexthop?: string;
  readonly nexthops: readonly string[];
  readonly options: OvsdbStringMap;
  readonly externalIds: OvsdbStringMap;
  readonly router?: NbOwner;
}

/** A `Logical_Router_Static_Route` row. */
export interface NbStaticRoute {
  readonly uuid: string;
  readonly ipPrefix: string;
  readonly nexthop: string;
  readonly outputPort?: string;
  /** `dst-ip` (the default when absent) or `src-ip`. */
  readonly policy?: string;
  readonly routeTable: string;
  readonly bfd?: string;
  readonly options: OvsdbStringMap;
  readonly externalIds: OvsdbStringMap;
  readonly router?: NbOwner;
}

/** A `Load_Balancer` row. */
export interface NbLoadBalancer {
  readonly uuid: string;
  readonly name: string;
  readonly vips: OvsdbStringMap;
  readonly protocol?: string;
  readonly selectionFields: readonly string[];
  readonly options: OvsdbStringMap;
  readonly externalIds: OvsdbStringMap;
  /** The switches and routers whose `load_balancer` column holds it. */
  readonly owners: readonly NbOwner[];
}

/** A `QoS` row. */
export interface NbQos {
  readonly uuid: string;
  readonly direction: "from-lport" | "to-lport";
  readonly priority: number;
  readonly match: string;
  /** e.g. `dscp` → 12. */
  readonly action: Readonly<Record<string, number>>;
  /** e.g. `rate` → 1000, `burst` → 100. */
  readonly bandwidth: Readonly<Record<string, number>>;
  readonly externalIds: OvsdbStringMap;
  readonly switch?: NbOwner;
}

/** A `Logical_Switch` row (members as UUIDs). */
export interface NbLogicalSwitch {
  readonly uuid: string;
  readonly name: string;
  readonly ports: readonly string[];
  readonly acls: readonly string[];
  readonly loadBalancers: readonly string[];
  readonly qosRules: readonly string[];
  readonly otherConfig: OvsdbStringMap;
  readonly externalIds: OvsdbStringMap;
}

/** A `Logical_Router` row (members as UUIDs). */
export interface NbLogicalRouter {
  readonly uuid: string;
  readonly name: string;
  readonly enabled?: boolean;
  readonly ports: readonly string[];
  readonly nat: readonly string[];
  readonly policies: readonly string[];
  readonly staticRoutes: readonly string[];
  readonly loadBalancers: readonly string[];
  readonly options: OvsdbStringMap;
  readonly externalIds: OvsdbStringMap;
}

/** A `Port_Group` row. */
export interface NbPortGroup {
  readonly uuid: string;
  readonly name: string;
  /** `Logical_Switch_Port` UUIDs, and their names. */
  readonly ports: readonly string[];
  readonly portNames: readonly string[];
  readonly acls: readonly string[];
  readonly externalIds: OvsdbStringMap;
}

/** An `Address_Set` row. */
export interface NbAddressSet {
  readonly uuid: string;
  readonly name: string;
  readonly addresses: readonly string[];
  readonly externalIds: OvsdbStringMap;
}

/** What {@link nbView} returns: the rows of each table, in file order. */
export interface NbView {
  readonly kind: "nb-view";
  readonly acls: readonly NbAcl[];
  readonly nats: readonly NbNat[];
  readonly logicalSwitchPorts: readonly NbLogicalSwitchPort[];
  readonly logicalRouterPorts: readonly NbLogicalRouterPort[];
  readonly routerPolicies: readonly NbRouterPolicy[];
  readonly staticRoutes: readonly NbStaticRoute[];
  readonly loadBalancers: readonly NbLoadBalancer[];
  readonly qos: readonly NbQos[];
  readonly logicalSwitches: readonly NbLogicalSwitch[];
  readonly logicalRouters: readonly NbLogicalRouter[];
  readonly portGroups: readonly NbPortGroup[];
  readonly addressSets: readonly NbAddressSet[];
}

/** A Northbound row that a `stage-hint` names, with the table it is from. */
export type NbHintMatch =
  | { readonly table: "ACL"; readonly row: NbAcl }
  | { readonly table: "NAT"; readonly row: NbNat }
  | { readonly table: "Logical_Switch_Port"; readonly row: NbLogicalSwitchPort }
  | { readonly table: "Logical_Router_Port"; readonly row: NbLogicalRouterPort }
  | { readonly table: "Logical_Router_Policy"; readonly row: NbRouterPolicy }
  | { readonly table: "Logical_Router_Static_Route"; readonly row: NbStaticRoute }
  | { readonly table: "Load_Balancer"; readonly row: NbLoadBalancer }
  | { readonly table: "QoS"; readonly row: NbQos }
  | { readonly table: "Logical_Switch"; readonly row: NbLogicalSwitch }
  | { readonly table: "Logical_Router"; readonly row: NbLogicalRouter };

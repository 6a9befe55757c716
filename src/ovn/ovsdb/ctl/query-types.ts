/**
 * What the typed queries return: plain data, in the order the real tool prints it.
 *
 * @module
 */
import type { OvsdbRow } from "../types.js";

/**
 * A row named by its UUID and the name the tool prints for it.
 *
 * @example
 * ```ts
 * import { queryNbSwitches } from "ovskit";
 * for (const ls of queryNbSwitches(nb)) console.log(ls.uuid, ls.name);
 * ```
 */
export interface CtlRecordRef {
  readonly uuid: string;
  readonly name: string;
}

/** A static route of a logical router, as `ovn-nbctl lr-route-list` shows it. */
export interface NbRoute {
  readonly uuid: string;
  readonly family: "ipv4" | "ipv6";
  /** `route_table` (`""`: the main table, printed `<main>`). */
  readonly routeTable: string;
  /** `ip_prefix`, normalized (the network address; `/len` unless a host route). */
  readonly prefix: string;
  /** `nexthop`, normalized; `discard`; `""` when empty. */
  readonly nexthop: string;
  /** `policy`: `dst-ip` (the default) or `src-ip`. */
  readonly policy: string;
  readonly outputPort?: string;
  /** `external_ids:ic-learned-route` is set (printed `(learned)`). */
  readonly learned: boolean;
  /** Another route has the same table, policy, prefix length and address. */
  readonly ecmp: boolean;
  /** `options:ecmp_symmetric_reply=true`. */
  readonly ecmpSymmetricReply: boolean;
  /** A `bfd` row is attached. */
  readonly bfd: boolean;
}

/** `lr-route-list`: the routes of a router, IPv4 then IPv6, each family sorted as the tool sorts it. */
export interface NbRouteList {
  readonly router: CtlRecordRef;
  readonly routes: readonly NbRoute[];
  /** Routes whose `ip_prefix` is neither an IPv4 nor an IPv6 prefix (the tool leaves them out with a warning). */
  readonly invalid: readonly { readonly uuid: string; readonly ipPrefix: string }[];
}

/** A routing policy, as `ovn-nbctl lr-policy-list` shows it. */
export interface NbPolicy {
  readonly uuid: string;
  readonly priority: number;
  readonly match: string;
  readonly action: string;
  /** `nexthops`, normalized (`""` for one that is not an address). */
  readonly nexthops: readonly string[];
  /** `options` as `[key, value]` pairs, in the order the tool prints them. */
  readonly options: readonly (readonly [string, string])[];
}

/** `lr-policy-list`: a router's policies, highest priority first. */
export interface NbPolicyList {
  readonly router: CtlRecordRef;
  readonly policies: readonly NbPolicy[];
}

/** A NAT rule, as `ovn-nbctl lr-nat-list` shows it. */
export interface NbNatListEntry {
  readonly uuid: string;
  readonly type: string;
  /** The name of the `gateway_port`. */
  readonly gatewayPort?: string;
  readonly externalIp: string;
  readonly externalPortRange: string;
  readonly logicalIp: string;
  /** `external_mac` and `logical_port`, printed only when both are set. */
  readonly externalMac?: string;
  readonly logicalPort?: string;
}

/** `lr-nat-list`: a router's NAT rules, sorted by type, gateway port and external IP. */
export interface NbNatList {
  readonly router: CtlRecordRef;
  readonly nat: readonly NbNatListEntry[];
}

/** An ACL, as `ovn-nbctl acl-list` shows it. */
export interface NbAclListEntry {
  readonly uuid: string;
  readonly direction: string;
  readonly priority: number;
  readonly match: string;
  readonly action: string;
  readonly log: boolean;
  readonly name?: string;
  readonly severity?: string;
  readonly meter?: string;
  /** `label` (0: none). */
  readonly label: number;
  /** `options:apply-after-lb=true`. */
  readonly afterLb: boolean;
}

/** `acl-list`: the ACLs of a switch or a port group, sorted as the tool sorts them. */
export interface NbAclList {
  readonly owner: CtlRecordRef & { readonly kind: "switch" | "port-group" };
  readonly acls: readonly NbAclListEntry[];
}

/** A VIP of a load balancer, as `ovn-nbctl lb-list` shows it. */
export interface NbLoadBalancerVip {
  readonly vip: string;
  readonly backends: string;
  /** The protocol printed for this VIP: the LB's, or `""` for a VIP without a port. */
  readonly protocol: string;
}

/** `lb-list`: a load balancer and the VIPs the tool lists (those that parse, or all for a template LB). */
export interface NbLoadBalancerListEntry {
  readonly uuid: string;
  readonly name: string;
  readonly protocol?: string;
  readonly vips: readonly NbLoadBalancerVip[];
}

/** A meter band. */
export interface NbMeterBand {
  readonly action: string;
  readonly rate: number;
  readonly burstSize: number;
}

/** `meter-list`: a meter and its bands. */
export interface NbMeter {
  readonly uuid: string;
  readonly name: string;
  /** `fair`, when set. */
  readonly fair?: boolean;
  readonly unit: string;
  readonly bands: readonly NbMeterBand[];
}

/** A bridge of `ovs-vsctl`'s view of conf.db (`list-br`, `list-ports`, `br-to-parent`...). */
export interface VswitchBridgeEntry {
  readonly name: string;
  /** The `Bridge` row; absent for a fake (VLAN) bridge, which is a port of its parent. */
  readonly uuid?: string;
  /** The real bridge a fake bridge belongs to. */
  readonly parent?: string;
  /** The VLAN of a fake bridge (0 for a real one). */
  readonly vlan: number;
  /** Its ports (the bridge's own port left out), in the order the tool keeps them. */
  readonly ports: readonly string[];
  /** The interfaces of those ports. */
  readonly interfaces: readonly string[];
}

/** A row found by {@link findOvsdbRecord}. */
export interface OvsdbRecord {
  readonly table: string;
  readonly uuid: string;
  readonly row: OvsdbRow;
}

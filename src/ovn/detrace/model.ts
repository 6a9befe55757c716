/**
 * The model of an offline detrace: what an OpenFlow cookie or port number stands for in OVN.
 *
 * @module
 */
import type { OvnAction } from "../actions/model.js";
import type { OvnExpr } from "../expr/model.js";
import type { OvnParseResult } from "../expr/result.js";
import type { NbHintMatch } from "../ovsdb/nb-types.js";
import type {
  SbChassis,
  SbLoadBalancer,
  SbMacBinding,
  SbMulticastGroup,
  SbPortBinding,
} from "../ovsdb/sb-view.js";

/** A logical datapath (switch or router) as detrace names it. */
export interface DetraceDatapath {
  readonly uuid: string;
  /** The Northbound name (`external_ids:name` of the `Datapath_Binding`). */
  readonly name?: string;
  readonly kind?: "switch" | "router" | "unknown";
  readonly tunnelKey?: number;
}

/**
 * A logical flow behind a cookie, from the Southbound database or from `lflow-list --uuid`
 * text (then `uuid` is unknown: the listing prints only its first 32 bits).
 */
export interface DetraceLogicalFlow {
  /** The full `Logical_Flow` UUID (from the Southbound database only). */
  readonly uuid?: string;
  /** The first 32 bits of the UUID: the OpenFlow cookie. */
  readonly uuidPrefix: number;
  /** The datapaths it applies to, sorted by UUID: its own, or its datapath group's. */
  readonly datapaths: readonly DetraceDatapath[];
  /** The `Logical_DP_Group` UUID, when the flow is shared by a group. */
  readonly datapathGroup?: string;
  readonly pipeline: "ingress" | "egress";
  readonly table: number;
  /** The stage name (`ls_in_acl`), when known. */
  readonly stage?: string;
  readonly priority: number;
  readonly match: string;
  readonly actions: string;
  /** The match as an AST (`{ ok: true, value }`), or the error that prevented it (`{ ok: false, error }`, plain). */
  readonly parsedMatch: OvnParseResult<OvnExpr>;
  /** The actions as statements (`{ ok: true, value }`), or the error that prevented them (`{ ok: false, error }`, plain). */
  readonly parsedActions: OvnParseResult<readonly OvnAction[]>;
  /** `external_ids:stage-hint`: the first 8 hex digits of the Northbound row behind it. */
  readonly stageHint?: string;
  /** The Northbound rows the stage hint names (empty without a Northbound database). */
  readonly nbRows: readonly NbHintMatch[];
  /** Where it was found. */
  readonly source: "sb" | "lflow-list";
}

/** One row a cookie names, by Southbound table. */
export type CookieHit =
  | { readonly table: "Logical_Flow"; readonly uuid?: string; readonly flow: DetraceLogicalFlow }
  | { readonly table: "Port_Binding"; readonly uuid: string; readonly row: SbPortBinding; readonly datapath?: DetraceDatapath }
  | { readonly table: "MAC_Binding"; readonly uuid: string; readonly row: SbMacBinding; readonly datapath?: DetraceDatapath }
  | {
      readonly table: "Multicast_Group";
      readonly uuid: string;
      readonly row: SbMulticastGroup;
      readonly datapath?: DetraceDatapath;
    }
  | { readonly table: "Chassis"; readonly uuid: string; readonly row: SbChassis }
  | { readonly table: "Load_Balancer"; readonly uuid: string; readonly row: SbLoadBalancer }
  | { readonly table: "FDB"; readonly uuid: string; readonly row: SbFdb; readonly datapath?: DetraceDatapath };

/** An `FDB` row (a MAC address learned on a logical switch port). */
export interface SbFdb {
  readonly uuid: string;
  readonly mac: string;
  /** Tunnel keys of the datapath and of the port. */
  readonly dpKey: number;
  readonly portKey: number;
}

/**
 * Why a cookie names nothing: `zero` (no cookie: OVS omits a zero cookie, and OVN never uses
 * it), `wide` (more than 32 bits: not an OVN cookie; ovn-controller's cookies are the first 32
 * bits of a UUID, so a prefix search would only find false matches), `not-found` (no row of
 * the sources starts with it: a flow of another controller, or sources from another time).
 */
export type CookieMiss = "zero" | "wide" | "not-found";

/** What one cookie names. */
export interface CookieLookup {
  readonly cookie: bigint;
  /** Every row the cookie names, Logical_Flow first. */
  readonly hits: readonly CookieHit[];
  /** More than one row: the cookie alone cannot tell which one made the flow. */
  readonly ambiguous: boolean;
  readonly miss?: CookieMiss;
}

/** An OVS interface behind an OpenFlow port number (from `conf.db`). */
export interface DetraceInterface {
  readonly ofport: number;
  readonly bridge: string;
  readonly name: string;
  /** `external_ids:iface-id`: the OVN logical port it is bound to. */
  readonly ifaceId?: string;
  readonly type: string;
}

/**
 * ovn-nbctl, ovn-sbctl and ovs-vsctl from database files, without a server (browser-safe):
 * {@link runOfflineCtl} runs their read-only command lines; the typed queries give the same
 * answers as data.
 *
 * @module
 */
export { type OfflineCtlDatabases, type OfflineCtlResult, type OfflineCtlTool, runOfflineCtl } from "./run.js";
export type { CtlToolName } from "./row-ids.js";
export { OvsdbQueryError, isOvsdbQueryError } from "./query-error.js";
export {
  findOvsdbRecord,
  queryNbAcls,
  queryNbLoadBalancers,
  queryNbMeters,
  queryNbNat,
  queryNbPolicies,
  queryNbRouterPorts,
  queryNbRouters,
  queryNbRoutes,
  queryNbSwitchPorts,
  queryNbSwitches,
  querySbLogicalFlows,
  queryVswitchBridgeOf,
  queryVswitchBridges,
} from "./queries.js";
export type {
  CtlRecordRef,
  NbAclListEntry,
  NbAclList,
  NbLoadBalancerListEntry,
  NbLoadBalancerVip,
  NbMeter,
  NbMeterBand,
  NbNatListEntry,
  NbNatList,
  NbPolicy,
  NbPolicyList,
  NbRoute,
  NbRouteList,
  OvsdbRecord,
  VswitchBridgeEntry,
} from "./query-types.js";

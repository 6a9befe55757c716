/**
 * ovskit: typed, fast parsers and analyzers for Open vSwitch and OVN debugging output.
 *
 * Everything here runs in Node and in browsers; Node-only helpers live in `ovskit/node`.
 *
 * @packageDocumentation
 */
export { OvskitError, isOvskitError, errorRecord, type ErrorRecord, type OvskitErrorDetails } from "./core/ovskit-error.js";
export * from "./core/parse-error.js";
export * from "./core/json.js";
export * from "./core/duration.js";
export * from "./core/duration-error.js";
export * from "./core/values.js";
export * from "./core/scanner.js";
export * from "./core/field-ref.js";
export * from "./core/dump-lines.js";
export * from "./core/line-engine.js";
export * from "./core/parse-cache.js";
export * from "./core/strings.js";
export * from "./core/intern.js";
export * from "./core/line-stream.js";
export * from "./core/dump-stream.js";
export * from "./openflow/index.js";
export * from "./datapath/index.js";
export {
  type LogicalDatapath,
  type LogicalFlow,
  type ParseLogicalFlowsOptions,
  type LogicalFlowDump,
  parseLogicalDatapathHeader,
  parseLogicalFlow,
  formatLogicalFlow,
  formatLogicalDatapathHeader,
  parseLogicalFlows,
  parseLogicalFlowDump,
} from "./ovn/lflow.js";
export * from "./ovn/expr/index.js";
export * from "./ovn/ovsdb/index.js";
export {
  type CtlRecordRef,
  type NbAclListEntry,
  type NbAclList,
  type NbLoadBalancerListEntry,
  type NbLoadBalancerVip,
  type NbMeter,
  type NbMeterBand,
  type NbNatListEntry,
  type NbNatList,
  type NbPolicy,
  type NbPolicyList,
  type NbRoute,
  type NbRouteList,
  type OfflineCtlDatabases,
  type OfflineCtlResult,
  type OfflineCtlTool,
  type CtlToolName,
  type OvsdbRecord,
  OvsdbQueryError,
  type VswitchBridgeEntry,
  findOvsdbRecord,
  isOvsdbQueryError,
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
  runOfflineCtl,
} from "./ovn/ovsdb/ctl/index.js";
export * from "./trace/index.js";
export * from "./ovn/actions/index.js";
export * from "./ovn/detrace/index.js";
export * from "./export/index.js";
export * from "./offline/index.js";
export * from "./prometheus/index.js";
export * from "./ovs-perf/index.js";
export {
  type FilterOp,
  type FilterComparison,
  type FilterNot,
  type FilterJunction,
  type FilterExpr,
  type FilterErrorCode,
  FilterError,
  isFilterError,
  FILTER_MAX_DEPTH,
  parseFilter,
  type CompileFilterOptions,
  type UnknownFilterKey,
  type FlowFilter,
  type FilterMatch,
  type Filterable,
  compileFilter,
  type FilterTarget,
  type FilterKeyInfo,
  filterKeys,
  type FilterValueType,
  type FilterEmptyReasonCode,
  type FilterEmptyReason,
  type FilterResult,
  filterFlows,
  formatFilterResult,
  type MatchedKey,
  type KeyArea,
  type RangeValue,
} from "./filter/index.js";
export * from "./views/index.js";
export * from "./render/index.js";

export {
  type FlowSet,
  flowSetOf,
  flowsOfSource,
  parseSourceArg,
  type SourcedFlow,
} from "./sources.js";
export {
  diffFlows,
  type FlowChange,
  flowKey,
  type FlowSetDiff,
} from "./diff.js";
export {
  summarizeTables,
  type TableSummary,
} from "./table-summary.js";
export {
  type CookieTotal,
  deadFlows,
  flowCounter,
  flowsByTable,
  type HeatMetric,
  hotCookies,
  hotDatapathFlows,
  hotFlows,
  type HotFlowsOptions,
} from "./hot.js";
export {
  type CookieResolver,
  type LabelledCookie,
  logicActionKeys,
  type LogicGroup,
  groupFlowsByLogic,
  logicView,
  type LogicViewOptions,
} from "./logic.js";
export {
  type CookieGroup,
  groupFlowsByCookie,
  cookieView,
} from "./cookie.js";
export {
  type TableEdge,
  type TableEdgeKind,
  tableGraph,
  type TableGraph,
  tableTargets,
} from "./table-graph.js";
export {
  type FilteredRecircNode,
  type FilteredRecircTree,
  filterRecircTree,
  recircMatchSet,
} from "./recirc.js";
export {
  lflowCookieResolver,
} from "./lflow-join.js";
export {
  detraceCookieResolver,
} from "./detrace-join.js";

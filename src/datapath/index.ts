/**
 * Datapath (ODP) flows as `ovs-appctl dpctl/dump-flows` prints them: keys and actions,
 * flows and dumps, and the recirculation tree.
 *
 * @module
 */
export {
  type OdpNode,
  parseOdpValue,
  parseOdpNodes,
  parseOdpNode,
  parseOdpNodeAt,
  odpCursor,
  scanOdpKeys,
  formatOdpNode,
  formatOdpNodes,
  odpItem,
} from "./node.js";
export {
  type DpOutputAction,
  type DpDropAction,
  type DpCtAction,
  type DpRecircAction,
  type DpHashAction,
  type DpSetAction,
  type DpCloneAction,
  type DpSampleAction,
  type DpCheckPktLenAction,
  type DpUserspaceAction,
  type DpTnlPushAction,
  type DpNumberAction,
  type DpHeaderAction,
  type DpHeaderKind,
  type DpUnknownAction,
  type DatapathAction,
  parseDatapathActions,
  toDatapathAction,
  formatDatapathAction,
  formatDatapathActions,
} from "./actions.js";
export {
  type DatapathFlowBase,
  type DatapathFlow,
  type LazyDatapathFlow,
  type AnyDatapathFlow,
  isLazyDatapathFlow,
  decodeKeys,
  decodeDatapathFlow,
  formatDatapathFlow,
  datapathKey,
} from "./flow.js";
export {
  type DatapathCaches,
  type ParseDatapathFlowOptions,
  newDatapathCaches,
  parseDatapathFlow,
  parseDatapathFlowLine,
} from "./flow-parse.js";
export {
  type ParseDatapathFlowsOptions,
  type LazyKeysOption,
  type EagerKeysOption,
  type DatapathFlowDump,
  type DatapathDump,
  type DatapathFlowStreamItem,
  type DatapathStreamItem,
  type ParseDatapathFlowStreamOptions,
  datapathThreadHeader,
  parseDatapathFlows,
  parseDatapathFlowDump,
  parseDatapathDump,
  parseDatapathFlowStream,
  parseDatapathStream,
} from "./dump.js";
export {
  type RecircBlock,
  type RecircNode,
  type RecircFlowRef,
  type RecircTree,
  recircTargets,
  buildRecircTree,
  recircChildren,
  recircRoots,
  recircNodeFlows,
  recircNode,
  recircFlow,
} from "./recirc-tree.js";

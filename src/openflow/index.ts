/**
 * OpenFlow flows and groups as `ovs-ofctl` prints them: models, parsers, printers.
 *
 * @module
 */
export {
  type Duration,
  type FlowFlag,
  type FlowBase,
  type Flow,
  type LazyFlow,
  type AnyFlow,
  type ActionsDecoder,
  isLazyFlow,
  decodeActions,
  decodeFlow,
  decodeFlows,
  actionsDecoder,
} from "./flow.js";
export { type FlowCaches, type ParseFlowOptions, newFlowCaches, parseFlow, parseFlowLine, parseDuration } from "./flow-parse.js";
export {
  type MatchField,
  PROTOCOL_SHORTHANDS,
  parseMatchValue,
  parsePortValue,
  parseMatchFields,
  parseMatchList,
  formatMatchField,
} from "./match.js";
export { type FormatFlowOptions, formatFlow, formatDuration } from "./format.js";
export { type ParseFlowsOptions, type LazyActionsOption, type EagerActionsOption, type FlowDump, parseFlows, parseFlowDump } from "./dump.js";
export { type FlowStreamItem, type ParseFlowStreamOptions, parseFlowStream } from "./stream.js";
export {
  type GroupType,
  type Bucket,
  type Group,
  type ParseGroupsOptions,
  type GroupDump,
  parseGroup,
  parseGroups,
  parseGroupDump,
  formatGroup,
  formatBucket,
} from "./groups.js";
export type {
  Port,
  OutputAction,
  ResubmitAction,
  LoadAction,
  MoveAction,
  SetFieldAction,
  StackAction,
  NatSpec,
  CtAction,
  NestedAction,
  LearnArg,
  LearnAction,
  ConjunctionAction,
  ControllerAction,
  SampleAction,
  CheckPktLargerAction,
  BundleAction,
  MultipathAction,
  EnqueueAction,
  DecTtlAction,
  NoteAction,
  FinTimeoutAction,
  EncapAction,
  DecapAction,
  ArgAction,
  ArgActionKind,
  FlagAction,
  FlagActionKind,
  UnknownAction,
  Action,
} from "./actions/types.js";
export { parseActions, parseAction, keyValues, parsePort } from "./actions/parse.js";
export { formatActions, formatAction, formatPort } from "./actions/format.js";
export { warnUnknownActions } from "./actions/warnings.js";
export { parseCt, formatCt, formatNat, parseNatSpec } from "./actions/ct.js";
export { parseLearn, formatLearn } from "./actions/learn.js";
export { parseStructured, formatStructured } from "./actions/structured.js";
export { ARG_ACTIONS, FLAG_ACTIONS, RESERVED_PORTS, type ArgActionSpec } from "./actions/tables.js";

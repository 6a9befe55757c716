/**
 * `ofproto/trace`: the plain-data model, the parsers, the printer, and queries over the tree.
 *
 * @module
 */
export type {
  Trace,
  TraceAccounting,
  TraceActionLine,
  TraceActionSet,
  TraceBridge,
  TraceBucket,
  TraceDump,
  TraceFlow,
  TraceFlowUnchanged,
  TraceItem,
  TraceNat,
  TraceNodeBase,
  TraceNote,
  TraceRecircLimit,
  TraceSection,
  TraceStep,
  TraceStepOutcome,
  TraceThaw,
} from "./types.js";
export { type ParseTraceOptions, parseTrace, parseTraceDump } from "./parse.js";
export { formatTrace, layoutTrace } from "./format.js";
export { TraceRequestError, isTraceRequestError } from "./request-error.js";
export { sectionSteps, traceSteps, traceTables, traceCookies, type TraceTableVisit } from "./query.js";
export {
  type TraceHolder,
  actionNotes,
  actionsWithNotes,
  sectionBridges,
  sectionFinalFlow,
  stepActions,
  stepChildren,
  stepNotes,
} from "./nodes.js";
export { sectionVerdict, traceVerdict, type SectionVerdict, type TraceVerdict } from "./verdict.js";

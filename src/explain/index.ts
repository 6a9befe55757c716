/**
 * Explaining traces: the verdict of an `ofproto/trace` (parsed or simulated) and the step, logical
 * flow and Northbound row behind it ({@link explainTrace}); `ofproto/trace` packets built from OVN
 * names ({@link buildPacket}).
 *
 * @module
 */
export { explainTrace, type ExplainOptions } from "./explain.js";
export { formatExplanation } from "./format.js";
export { describeNbRow, originOf } from "./nb-origin.js";
export type { DropReason, ExplainedLogicalFlow, ExplainedNbRow, ExplainedOrigin, ExplainedOutput, ExplainedStage, ExplainedStep, ExplainedTunnel, Explanation, ExplanationVerdictKind } from "./model.js";
export { buildPacket, type BuildProtocol, type BuiltPacket, type PacketSources, type PacketSpec } from "./build-packet.js";
export { PacketBuildError, isPacketBuildError, type PacketBuildErrorCode } from "./packet-build-error.js";
export { renderExplanationHtml, type ExplanationHtmlOptions } from "./html.js";

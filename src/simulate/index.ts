/**
 * Offline packet tracing: an OpenFlow pipeline simulator that answers like
 * `ovs-appctl ofproto/trace` (see {@link simulateTrace}).
 *
 * @module
 */
export { createPipeline, type BridgeInput, type InterfaceInput, type Pipeline, type PipelineBridge, type PipelineFlow, type PipelineInput, type PipelineIssue, type PipelinePort, type TableMissMode, type TlvMapInput } from "./pipeline.js";
export { mergePorts, parseDpifShow, parseNeighShow, parseRouteShow, parseTlvMapDump, portsFromPortsDesc, type BridgePortInput, type DpifShow, type DpifShowDatapath, type UnderlayNeighbor, type UnderlayRoute } from "./ports.js";
export { simulateBatch, simulateTrace, simulateTraceText, type BatchPacket, type BatchResult, type PacketInput, type SimulatedTrace, type SimulateOptions, type SimulationCaveat, type SimulationInfo } from "./simulate.js";
export type { LearnMode } from "./xlate-context.js";
export { PacketSyntaxError, isPacketSyntaxError } from "./packet-error.js";
export { SimulationError, isSimulationError, type SimulationErrorCode } from "./simulate-error.js";

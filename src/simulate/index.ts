/**
 * Offline packet tracing: an OpenFlow pipeline simulator that answers like
 * `ovs-appctl ofproto/trace` (see {@link simulateTrace}).
 *
 * @module
 */
export { createPipeline, type BridgeInput, type InterfaceInput, type MeterInput, type Pipeline, type PipelineBridge, type PipelineFlow, type PipelineInput, type PipelineIssue, type PipelinePort, type TableMissMode, type TlvMapInput } from "./pipeline.js";
export { mergePorts, parseDpctlShow, parseDpifShow, parseTlvMapDump, portsFromPortDescs, portsFromPortsDesc, withDatapathPorts, type BridgePortInput, type DpctlShowDatapath, type DpifShow, type DpifShowDatapath } from "./ports.js";
export { parseNeighShow, parseRouteShow, type UnderlayNeighbor, type UnderlayRoute } from "./underlay.js";
export { simulateBatch, simulateTrace, simulateTraceText, type BatchPacket, type BatchResult, type PacketInput, type SimulatedTrace, type SimulateOptions, type SimulationCaveat, type SimulationInfo } from "./simulate.js";
export type { LearnMode } from "./xlate-context.js";
export { PacketSyntaxError, isPacketSyntaxError } from "./packet-error.js";
export { SimulationError, isSimulationError, type SimulationErrorCode } from "./simulate-error.js";
export { interfacesFromVswitch, pipelineInputFromFlowsDir, pipelineInputFromOvsSave, pipelineInputFromSos, pipelineInputFromTexts, type BridgeTexts, type FlowsDirInput, type OvsSaveInput, type PipelineTexts, type SosExtras, type SosInput, type VswitchInput } from "./adapters.js";

/**
 * Node-only helpers of ovskit (files and streams). Import from `ovskit/node`.
 *
 * @packageDocumentation
 */
export * from "./files.js";
export { readInputText, readInputBytes, openInputStream, isGzip, binaryReason } from "./input.js";
export { InputFileError, isInputFileError, type InputFileProblem } from "./input-error.js";
export * from "./ovn.js";
export * from "./export/index.js";
export * from "./live/index.js";
export * from "./offline/index.js";
export * from "./prometheus/index.js";
export {
  startReplica,
  ReplicaError,
  isReplicaError,
  datapathPortNames,
  nameDatapathPorts,
  normalizeTrace,
  crossCheck,
  compareTraces,
  type CrossCheckPacket,
  type CrossCheckReport,
  type CrossCheckResult,
  type CompareTracesOptions,
  type TraceDifference,
  type ReplicaProblem,
  type ReplicaSource,
  type ToolResult,
  type ReplicaDaemon,
  type Replica,
  type ReplicaBridge,
  type ReplicaBridgeFiles,
  type ReplicaChange,
  type ReplicaDummyMode,
  type ReplicaFiles,
  type ReplicaOptions,
  type ReplicaPort,
  type ReplicaSockets,
  type ReplicaTimings,
} from "./replica/index.js";

/**
 * The local replica (Node only): real `ovsdb-server`s and an `ovs-vswitchd` on the dummy
 * datapath, restored from a sos report, an ovs-save directory or files, to run the real tools
 * offline; and {@link crossCheck} of the offline simulator against it.
 *
 * @module
 */
export { startReplica } from "./replica.js";
export { ReplicaError, isReplicaError, type ReplicaProblem } from "./errors.js";
export { datapathPortNames, nameDatapathPorts, normalizeTrace } from "./normalize.js";
export type { ReplicaSource } from "./source.js";
export type { ToolResult } from "./run.js";
export type { ReplicaDaemon } from "./daemons.js";
export type {
  Replica,
  ReplicaBridge,
  ReplicaBridgeFiles,
  ReplicaChange,
  ReplicaDummyMode,
  ReplicaFiles,
  ReplicaOptions,
  ReplicaPort,
  ReplicaSockets,
  ReplicaTimings,
} from "./types.js";
export { crossCheck, type CrossCheckPacket, type CrossCheckReport, type CrossCheckResult } from "./cross-check.js";
export { compareTraces, type CompareTracesOptions, type TraceDifference } from "./compare-traces.js";

/**
 * Live sources (Node only): `ovs-ofctl` / `ovs-appctl` dumps run as child processes and
 * stream-parsed, and {@link FlowSync}, which keeps `<node>.flows` files fresh.
 *
 * @module
 */
export {
  isLiveSourceError,
  LiveSourceError,
  type LiveSourceProblem,
} from "../tools/live-source-error.js";
export {
  commandLine,
  type LiveToolOptions,
  type ToolCommand,
  toolOutput,
} from "../tools/run-tool.js";
export {
  dumpFlows,
  type DumpFlowsOptions,
  dumpGroups,
  type LiveFlowDump,
  type LiveGroupDump,
  ofctlCommand,
  type OfctlOptions,
  streamFlows,
} from "./ofctl.js";
export {
  dpctlCommand,
  dumpDatapathFlows,
  type DumpDatapathOptions,
  type LiveDatapathDump,
  streamDatapathFlows,
} from "./dpctl.js";
export {
  FlowSync,
  type FlowSyncNode,
  type FlowSyncOptions,
  type NodeSyncResult,
  type SyncRound,
} from "./flow-sync.js";

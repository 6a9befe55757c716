/**
 * Offline collections (Node only): sos reports, ovs-save directories, directories of
 * `<node>.flows` files and their snapshots.
 *
 * @module
 */
export {
  isOfflineInputError,
  OfflineInputError,
  type OfflineInputProblem,
} from "./errors.js";
export {
  type ExtractedTarball,
  extractTarball,
  isTarballName,
} from "./tar.js";
export {
  diffFlowFiles,
  diffLatestSnapshots,
  type FlowsDir,
  type FlowsDirNode,
  listSnapshots,
  nodeOfFlowsFile,
  readFlowsDir,
} from "./flows-dir.js";
export {
  readSosReport,
  type SosBridge,
  type SosDatabase,
  type SosDatapathDump,
  type SosFlowDump,
  type SosGroupDump,
  type SosItem,
  type SosLogicalFlows,
  type SosMissing,
  type SosPortsDesc,
  type SosReport,
  type SosText,
} from "./sos.js";
export {
  type OvsSaveBridgeData,
  type OvsSaveDir,
  readOvsSave,
} from "./ovs-save.js";

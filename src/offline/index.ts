/**
 * Browser-safe pieces of the offline readers: parsers for `dump-ports-desc`, `ovs-vsctl show`
 * and the `ovs-save` restore script, sos report file names, and
 * hot flows between snapshots. The readers of directories and tarballs are in `ovskit/node`.
 *
 * @module
 */
export {
  parsePortsDesc,
  type PortDesc,
  type PortsDescDump,
} from "./ports-desc.js";
export {
  parseVsctlShow,
  type VsctlBridge,
  type VsctlInterface,
  type VsctlPort,
  type VsctlShow,
  type VsctlShowDump,
} from "./vsctl-show.js";
export {
  type OvsSaveBridge,
  type OvsSaveScript,
  parseOvsSaveScript,
  parseTlvMap,
  type TlvMapping,
} from "./ovs-save-script.js";
export {
  classifySosCommand,
  type SosCommandFile,
} from "./sos-files.js";
export {
  hotFlowChanges,
  hotChanges,
  type HotFlowChangesOptions,
} from "./hot.js";

/**
 * OVSDB database files (ovsdb-server's standalone and clustered formats): reading them into
 * tables of rows (plain data), typed views of the OVN Southbound, OVN Northbound and
 * Open_vSwitch databases.
 *
 * @module
 */
export type {
  OvsdbAtom,
  OvsdbAtomicType,
  OvsdbBaseType,
  OvsdbClusterInfo,
  OvsdbColumnSchema,
  OvsdbColumnType,
  OvsdbDatabase,
  OvsdbFileErrorRecord,
  OvsdbFileWarning,
  OvsdbHistoryPoint,
  OvsdbMap,
  OvsdbRow,
  OvsdbSchema,
  OvsdbStringMap,
  OvsdbTable,
  OvsdbTableSchema,
  OvsdbTransactionInfo,
  OvsdbUuid,
  OvsdbValue,
} from "./types.js";
export { type OvsdbDamage, OvsdbFileError, type OvsdbFileProblem, isOvsdbFileError } from "./error.js";
export { OvsdbSchemaMismatchError, isOvsdbSchemaMismatchError } from "./schema-error.js";
export { OvsdbOptionError, isOvsdbOptionError } from "./option-error.js";
export { type ReadOvsdbFileOptions, readOvsdbFile } from "./read.js";
export type {
  OvsdbColumnChange,
  OvsdbDiff,
  OvsdbDiffRow,
  OvsdbDiffSide,
  OvsdbDiffSummary,
  OvsdbRowChange,
  OvsdbSchemaDiff,
  OvsdbTableDiff,
} from "./diff-types.js";
export { type DiffOvsdbDatabasesOptions, type DiffOvsdbHistoryOptions, diffOvsdbDatabases, diffOvsdbHistory } from "./diff.js";
export { type FormatOvsdbDiffOptions, formatOvsdbDiff } from "./diff-format.js";
export { formatOvsdbAtom, formatOvsdbValue } from "./value-text.js";
export {
  compareOvsdbAtoms,
  isOvsdbUuid,
  isUuidString,
  ovsdbMapEntries,
  ovsdbMapGet,
  ovsdbMapKey,
  ovsdbMapKeyAtom,
  ovsdbValueToJson,
} from "./values.js";
export {
  type SbAddressSet,
  type SbChassis,
  type SbDatapathBinding,
  type SbEncap,
  type SbLoadBalancer,
  type SbLogicalDpGroup,
  type SbLogicalFlow,
  type SbMacBinding,
  type SbMulticastGroup,
  type SbPortBinding,
  type SbPortGroup,
  type SbView,
  sbView,
} from "./sb-view.js";
export type {
  NbAcl,
  NbAddressSet,
  NbHintMatch,
  NbLoadBalancer,
  NbLogicalRouter,
  NbLogicalRouterPort,
  NbLogicalSwitch,
  NbLogicalSwitchPort,
  NbNat,
  NbOwner,
  NbPortGroup,
  NbQos,
  NbRouterPolicy,
  NbStaticRoute,
  NbView,
} from "./nb-types.js";
export { findNbRowsByHint, nbView } from "./nb-view.js";
export {
  type VswitchBridge,
  type VswitchInterface,
  type VswitchPort,
  type VswitchRoot,
  type VswitchView,
  vswitchView,
} from "./vswitch-view.js";

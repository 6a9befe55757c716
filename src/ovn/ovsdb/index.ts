/**
 * OVSDB database files (ovsdb-server's standalone and clustered formats): reading them into
 * tables of rows, and typed views of the OVN Southbound, OVN Northbound and Open_vSwitch
 * databases.
 *
 * @module
 */
export * from "./types.js";
export * from "./error.js";
export * from "./read.js";
export { compareOvsdbAtoms, isOvsdbUuid, isUuidString, ovsdbValueToJson } from "./values.js";
export * from "./sb-view.js";
export * from "./nb-types.js";
export * from "./nb-view.js";
export * from "./vswitch-view.js";

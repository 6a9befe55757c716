/**
 * Browser-safe pieces of the offline readers: parsers for `dump-ports-desc`, `ovs-vsctl show`
 * and the `ovs-save` restore script, sos report file names, and
 * hot flows between snapshots. The readers of directories and tarballs are in `ovskit/node`.
 *
 * @module
 */
export * from "./ports-desc.js";
export * from "./vsctl-show.js";
export * from "./ovs-save-script.js";
export * from "./sos-files.js";
export * from "./hot.js";

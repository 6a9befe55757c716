/**
 * Offline collections (Node only): sos reports, ovs-save directories, directories of
 * `<node>.flows` files and their snapshots.
 *
 * @module
 */
export * from "./errors.js";
export * from "./tar.js";
export * from "./flows-dir.js";
export * from "./sos.js";
export * from "./ovs-save.js";

/**
 * Live sources (Node only): `ovs-ofctl` / `ovs-appctl` dumps run as child processes and
 * stream-parsed, and {@link FlowSync}, which keeps `<node>.flows` files fresh.
 *
 * @module
 */
export * from "../tools/live-source-error.js";
export * from "../tools/run-tool.js";
export * from "./ofctl.js";
export * from "./dpctl.js";
export * from "./flow-sync.js";

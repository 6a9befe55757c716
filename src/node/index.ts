/**
 * Node-only helpers of ovskit (files and streams). Import from `ovskit/node`.
 *
 * @packageDocumentation
 */
export * from "./files.js";
export * from "./ovn.js";
export * from "./export/index.js";
export * from "./live/index.js";
export * from "./offline/index.js";
export * from "./prometheus/index.js";

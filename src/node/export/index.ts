/**
 * Node-only flow-export helpers: the UDP collector.
 *
 * @module
 */
export * from "./collector.js";

/**
 * Flow export (NetFlow / sFlow / IPFIX): configuration model, validation, merge of the Network
 * CR and the `ovs-ipfix-config` ConfigMap, ovs-vsctl rendering, read-back and diff, and the
 * decoders of what OVS then sends.
 *
 * @module
 */
export * from "./types.js";
export * from "./errors.js";
export * from "./targets.js";
export * from "./validate.js";
export * from "./merge.js";
export * from "./render.js";
export * from "./vsctl-list.js";
export * from "./readback.js";
export * from "./diff.js";
export * from "./decode/index.js";

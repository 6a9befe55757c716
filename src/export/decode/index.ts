/**
 * Decoders of what OVS exports: NetFlow v5, sFlow v5 (with packet headers) and IPFIX.
 *
 * @module
 */
export * from "./errors.js";
export * from "./packet-headers.js";
export * from "./netflow-v5.js";
export * from "./sflow-v5.js";
export { decodeIpfix, decodeIpfixUnknownSet, type IpfixValue, type IpfixField, type IpfixDataRecord, type IpfixUnknownSet, type IpfixIssue, type IpfixMessage } from "./ipfix.js";
export * from "./ipfix-templates.js";
export * from "./ipfix-elements.js";
export * from "./detect.js";

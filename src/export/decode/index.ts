/**
 * Decoders of what OVS exports: NetFlow v5, sFlow v5 (with packet headers) and IPFIX.
 *
 * @module
 */
export { FlowDecodeError, isFlowDecodeError, type FlowProtocol, type FlowDecodeErrorCode } from "./errors.js";
export { decodeEthernet, decodeIp, type EthernetHeader, type IpHeader, type L4Header, type ArpHeader, type PacketHeaders } from "./packet-headers.js";
export { decodeNetflowV5, type NetflowV5Record, type NetflowV5Message } from "./netflow-v5.js";
export {
  decodeSflowV5,
  type SflowFlowRecord,
  type SflowCounterRecord,
  type SflowUnknownRecord,
  type SflowInterfaceCounters,
  type SflowFlowSample,
  type SflowCounterSample,
  type SflowUnknownSample,
  type SflowV5Message,
} from "./sflow-v5.js";
export { decodeIpfix, decodeIpfixUnknownSet, type IpfixValue, type IpfixField, type IpfixDataRecord, type IpfixUnknownSet, type IpfixIssue, type IpfixMessage } from "./ipfix.js";
export { IPFIX_VARIABLE_LENGTH, IPFIX_MAX_TEMPLATES, IpfixTemplateCache, type IpfixFieldSpec, type IpfixTemplate, type IpfixTemplateCacheOptions } from "./ipfix-templates.js";
export { VMWARE_ENTERPRISE, ipfixElement, ipfixElementName, type IpfixElementType, type IpfixElementInfo } from "./ipfix-elements.js";
export { detectFlowProtocol, decodeFlowDatagram, type FlowMessage } from "./detect.js";
